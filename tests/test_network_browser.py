"""The network page in a real headless Chromium, with the network switched off.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``). Without them the tests are skipped with the reason, except
under CI (``CI`` set), where a missing browser fails the run. Selenium is given the driver
path, so Selenium Manager never runs and nothing is downloaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.browser import start_chromium
from tests.support import HOSTILE, ROOT, make_dataset
from usecases.network import NetworkData, network_data, synergy_data
from views.network import write_html

ARTIFACTS = ROOT / "test-artifacts"
EVIDENCE = "both face Battery skills (priority high)"


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"), window="1400,900",
                             console_log=True)
    try:
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("network-browser")
    store = open_store(str(tmp / "db"))
    load_path(store, make_dataset(tmp))
    try:
        yield store
    finally:
        store.close()


def _wait(check: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _open(driver: Any, data: NetworkData, path: Path, title: str) -> None:
    write_html(data, path, title=title)
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())
    _wait(lambda: driver.execute_script(
        "return !!(window.rspNetwork && window.rspNetwork.stabilized)"), "the layout")


def _severe(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _no_xss(driver: Any) -> None:
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0


def test_page_works_offline(driver: Any, hostile_store: Store, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    data = network_data(hostile_store)
    _open(driver, data, tmp_path / "network.html", "RSP network <b>test</b>")
    assert driver.title == "RSP network <b>test</b>"
    assert driver.find_element(By.ID, "rsp-title").text == "RSP network <b>test</b>"
    assert _severe(driver) == []
    counts = driver.execute_script(
        "const r = window.rspNetwork; return [r.nodes.length, r.edges.length,"
        " r.network.body.nodeIndices.length, r.network.physics.physicsEnabled];")
    assert counts == [len(data.nodes), len(data.edges), len(data.nodes), False]

    # The legend lists every kind with its count and colour.
    legend = {box.get_attribute("value"): box for box in
              driver.find_elements(By.CSS_SELECTOR, "#rsp-kinds input[type=checkbox]")}
    assert set(legend) == {n.kind for n in data.nodes}
    kinds_text = driver.find_element(By.ID, "rsp-kinds").text
    assert "Organisation\n4" in kinds_text and "Region\n3" in kinds_text

    # Search: typing a name and Enter selects and focuses that node.
    search = driver.find_element(By.ID, "rsp-search")
    search.send_keys("Example Carmaker", Keys.ENTER)
    assert driver.execute_script("return rspNetwork.network.getSelectedNodes()") == [
        "org-carmaker"]
    details = driver.find_element(By.ID, "rsp-details")
    assert "Example Carmaker" in details.text and "industry" in details.text
    assert "Found: Example Carmaker" in driver.find_element(By.ID, "rsp-search-status").text

    # The hostile name is found, shown as text, and runs nothing.
    search.clear()
    search.send_keys("onerror", Keys.ENTER)
    assert driver.execute_script("return rspNetwork.network.getSelectedNodes()") == [
        "org-hostile"]
    assert HOSTILE in details.text
    source_link = details.find_elements(By.CSS_SELECTOR, "a.rsp-link")
    assert [a.text for a in source_link] == ["https://example.org/<script>x</script>"]
    assert source_link[0].get_attribute("rel") == "noopener noreferrer"
    tip = driver.execute_script(
        "return rspNetwork.nodes.get('org-hostile').title.textContent")
    assert HOSTILE in tip
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "network.png"))
    _no_xss(driver)

    # Filters: unticking a kind hides its nodes (and their edges); ticking shows them again.
    organisations = {n.id for n in data.nodes if n.kind == "Organisation"}
    legend["Organisation"].click()
    hidden = driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert set(hidden) == organisations
    visible = driver.execute_script("return rspNetwork.network.body.nodeIndices")
    assert set(visible) == {n.id for n in data.nodes} - organisations
    shown_edges = driver.execute_script(
        "return rspNetwork.edges.get({filter: e => !e.hidden}).length")
    assert shown_edges == sum(1 for e in data.edges
                              if e.source not in organisations and e.target not in organisations)
    driver.save_screenshot(str(ARTIFACTS / "network-filtered.png"))
    legend["Organisation"].click()
    assert driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => n.hidden}).length") == 0

    # An edge type filter hides only that type.
    driver.find_element(By.CSS_SELECTOR, "#rsp-types input[value=FACES]").click()
    hidden_types = driver.execute_script(
        "return rspNetwork.edges.get({filter: e => e.hidden}).map(e => e.rspType)")
    assert hidden_types == ["FACES"] * sum(1 for e in data.edges if e.type == "FACES")
    _no_xss(driver)
    assert _severe(driver) == []


def test_synergy_tooltip_shows_evidence(driver: Any, hostile_store: Store,
                                        tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    data = synergy_data(hostile_store, [
        {"a": "region-north", "b": "region-south", "score": 0.8,
         "evidence": [EVIDENCE, HOSTILE]},
        {"a": "region-south", "b": "region-east", "score": 0.2, "evidence": ["both in Italy"]},
    ])
    _open(driver, data, tmp_path / "synergy.html", "Region synergies")
    assert driver.execute_script(
        "return [rspNetwork.nodes.length, rspNetwork.edges.length]") == [3, 2]
    edge_id = driver.execute_script(
        "return rspNetwork.edges.get({filter: e => e.from === 'region-north'})[0].id")
    # Hover the middle of the edge (straight in this view) and wait for vis' tooltip.
    x, y, width, height = driver.execute_script("""
        const r = window.rspNetwork, e = r.edges.get(arguments[0]);
        const p = r.network.getPositions([e.from, e.to]);
        const mid = {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2};
        const dom = r.network.canvasToDOM(mid);
        const canvas = document.querySelector('#rsp-network canvas');
        return [dom.x, dom.y, canvas.clientWidth, canvas.clientHeight];
    """, edge_id)
    canvas = driver.find_element(By.CSS_SELECTOR, "#rsp-network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - width / 2), int(y - height / 2)).perform()
    ActionChains(driver).move_by_offset(1, 0).perform()
    tooltip = _wait(lambda: next((t for t in driver.find_elements(By.CSS_SELECTOR,
                                                                 "div.vis-tooltip")
                                  if t.is_displayed() and EVIDENCE in t.text), None),
                    "the edge tooltip", timeout=10)
    assert HOSTILE in tooltip.text and "score" in tooltip.text
    assert "North Region" in tooltip.text and "South Region" in tooltip.text
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "network-synergy.png"))
    _no_xss(driver)
    assert _severe(driver) == []
