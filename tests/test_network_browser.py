"""The network page in a real headless Chromium, with the network switched off.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``). Without them the tests are skipped with the reason, except
under CI (``CI`` set), where a missing browser fails the run. Selenium is given the driver
path, so Selenium Manager never runs and nothing is downloaded.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.browser import offline, open_page, start_chromium, viewport, wait_for
from tests.support import HOSTILE, PARTNERSHIP, ROOT, make_dataset
from usecases.network import NetworkData, network_data, synergy_data, synergy_view
from views.network import SYNERGY_TITLE, write_html

ARTIFACTS = ROOT / "test-artifacts"
EVIDENCE = "both face Battery skills (priority high)"


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"), window="1400,900",
                             console_log=True)
    try:
        offline(browser)
        viewport(browser)
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


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("network-partnership") / "db"))
    load_path(store, PARTNERSHIP)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def whole_page(partnership: Store, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[NetworkData, Path]:
    data = network_data(partnership)
    path = tmp_path_factory.mktemp("pages") / "network.html"
    write_html(data, path)
    return data, path


def _open(driver: Any, data: NetworkData, path: Path, title: str) -> None:
    write_html(data, path, title=title)
    driver.get_log("browser")  # drop what earlier pages logged
    open_page(driver, path.as_uri())


def _severe(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _no_xss(driver: Any) -> None:
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0


def _dimmed(driver: Any) -> list[str]:
    return sorted(driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => n.rspDim}).map(n => n.id)"))


def _click_node(driver: Any, node: str) -> None:
    """Click a node where it is drawn, as a person would."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    x, y, width, height = driver.execute_script("""
        const r = window.rspNetwork, p = r.network.getPositions([arguments[0]])[arguments[0]];
        const dom = r.network.canvasToDOM(p);
        const canvas = document.querySelector('#rsp-network canvas');
        return [dom.x, dom.y, canvas.clientWidth, canvas.clientHeight];
    """, node)
    canvas = driver.find_element(By.CSS_SELECTOR, "#rsp-network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - width / 2), int(y - height / 2)).click().perform()


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

    # Search goes through values too: a country lists what is there.
    search.clear()
    search.send_keys("Slovakia")
    listed = driver.execute_script(
        "return Array.from(document.querySelectorAll('#rsp-results .rsp-result'))"
        ".map(b => b.dataset.node)")
    assert {"region-north", "org-carmaker"} <= set(listed)
    driver.find_element(By.ID, "rsp-all").click()

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


def test_focus_dims_the_rest_and_the_link_reopens_the_view(
        driver: Any, whole_page: tuple[NetworkData, Path]) -> None:
    from selenium.webdriver.common.by import By

    data, path = whole_page
    driver.get_log("browser")
    open_page(driver, path.as_uri())
    assert _dimmed(driver) == []
    _click_node(driver, "region-trnava")
    wait_for(lambda: driver.execute_script("return rspNetwork.view.focus") == "region-trnava",
             "the focus on Trnava")
    neighbours = {e.target if e.source == "region-trnava" else e.source for e in data.edges
                  if "region-trnava" in (e.source, e.target)}
    dimmed = set(_dimmed(driver))
    assert dimmed == {n.id for n in data.nodes} - neighbours - {"region-trnava"}
    opacity = driver.execute_script(
        "return [rspNetwork.nodes.get('region-kosice').opacity,"
        " rspNetwork.nodes.get('org-stellantis-trnava').opacity]")
    assert opacity[0] < 0.5 and opacity[1] == 1
    crumbs = driver.find_element(By.ID, "rsp-crumbs").text
    assert "Everything" in crumbs and "Trnava Region" in crumbs
    assert "focus: Trnava Region" in driver.find_element(By.ID, "rsp-summary").text
    # The neighbourhood comes forward: on a ring around Trnava, with readable labels.
    near = driver.execute_script("""
        const r = rspNetwork, p = r.network.getPositions(), c = p['region-trnava'];
        const around = arguments[0].map(i => Math.hypot(p[i].x - c.x, p[i].y - c.y));
        const label = r.network.body.nodes['org-stellantis-trnava'].labelModule.fontOptions.size;
        return [Math.min(...around), Math.max(...around), label * r.network.getScale()];""",
        sorted(neighbours))
    assert near[0] > 0 and near[1] < 1.6 * near[0] and near[2] >= 11

    # Two steps through a challenge, and the link holds the whole view.
    driver.find_element(By.CSS_SELECTOR, "#rsp-depth option[value='2']").click()
    two = set(_dimmed(driver))
    assert two < dimmed and "region-kosice" not in two  # Košice shares a challenge
    assert "region-bavaria" in two  # an ARA member reached only through the ARA hub
    url = driver.current_url
    assert "focus=region-trnava" in url and "depth=2" in url
    driver.save_screenshot(str(ARTIFACTS / "network-focus.png"))

    # A fresh tab opened on the link shows the same view.
    driver.switch_to.new_window("tab")
    try:
        open_page(driver, url)
        assert driver.execute_script("return [rspNetwork.view.focus, rspNetwork.view.depth]"
                                     ) == ["region-trnava", 2]
        assert set(_dimmed(driver)) == two
        assert driver.find_element(By.ID, "rsp-depth").get_attribute("value") == "2"
        # Back to everything: nothing is dimmed, the fragment says so.
        driver.find_element(By.ID, "rsp-all").click()
        assert _dimmed(driver) == []
        assert "focus=&" in driver.current_url
    finally:
        driver.close()
        driver.switch_to.window(driver.window_handles[0])
    # The browser's Back button goes back to the view before the click.
    driver.back()
    wait_for(lambda: driver.execute_script("return rspNetwork.view.focus") is None, "Back")
    assert _dimmed(driver) == []
    assert _severe(driver) == []


def test_filter_by_country_leaves_that_country(driver: Any,
                                               whole_page: tuple[NetworkData, Path]) -> None:
    from selenium.webdriver.support.ui import Select

    data, path = whole_page
    open_page(driver, path.as_uri())
    select = driver.find_element("css selector", "select[data-facet=country]")
    Select(select).select_by_value("Slovakia")
    shown = driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    slovak = {n.id for n in data.nodes if "Slovakia" in dict(n.facets).get("country", ())}
    assert set(shown) == slovak
    assert {"region-trnava", "region-kosice", "org-stellantis-trnava"} <= slovak
    countries = driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.rspFacets.country)")
    assert all("Slovakia" in c for c in countries)
    assert "country=Slovakia" in driver.current_url
    # Combined with membership: the Slovak regions outside the partnership.
    Select(driver.find_element("css selector", "select[data-facet=partnership]")
           ).select_by_value("not a member")
    shown = driver.execute_script(
        "return rspNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert shown == ["region-bratislava"]


def test_member_regions_stand_out(driver: Any, whole_page: tuple[NetworkData, Path]) -> None:
    from selenium.webdriver.common.by import By

    _, path = whole_page
    open_page(driver, path.as_uri())
    styles = driver.execute_script("""
        const pick = (role) => rspNetwork.nodes.get({filter: n => n.rspRole === role});
        const look = (n) => [n.color.background, n.size, n.font.mod || '', n.borderWidth];
        return [pick('member').map(look), pick('other').map(look)];""")
    members, others = styles
    assert len(members) == 15 and len(others) == 26
    assert {m[0] for m in members}.isdisjoint({o[0] for o in others})
    assert min(m[1] for m in members) > max(o[1] for o in others)
    assert {m[2] for m in members} == {"bold"} and {o[2] for o in others} == {""}
    rows = driver.find_elements(By.CSS_SELECTOR, "#rsp-legend .rsp-region-style")
    assert [r.get_attribute("data-role") for r in rows] == ["member", "other"]
    assert "member region of the partnership\n15" in rows[0].text
    assert "region outside the partnership\n26" in rows[1].text
    legend = driver.find_element(By.ID, "rsp-legend").text
    assert "Size: number of relationships" in legend
    # Labels: the member regions are named at the opening zoom, on screen at least 10 px.
    sizes = driver.execute_script("""
        const r = rspNetwork, s = r.network.getScale();
        return r.nodes.get({filter: n => n.rspRole === 'member'}).map(
            n => r.network.body.nodes[n.id].labelModule.fontOptions.size * s);""")
    assert min(sizes) >= 10


def test_synergy_view_explains_width_and_dashes_existing_pairs(
        driver: Any, partnership: Store, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    data = synergy_view(partnership)
    _open(driver, data, tmp_path / "synergies.html", SYNERGY_TITLE)
    legend = driver.find_element(By.ID, "rsp-legend")
    assert "Line width = synergy score (0-100)" in legend.text
    assert "score 80 (strong)" in legend.text and "score 20 (weak)" in legend.text
    dashed = legend.find_elements(By.CSS_SELECTOR, ".rsp-line-row[data-dashed=true]")
    assert len(dashed) == 1 and "already works together" in dashed[0].text
    assert dashed[0].find_element(By.CSS_SELECTOR, ".rsp-line-sample").value_of_css_property(
        "border-top-style") == "dashed"
    drawn = driver.execute_script("""
        return rspNetwork.edges.get().map(e => [e.rspStyle,
            !!rspNetwork.network.body.edges[e.id].options.dashes, e.label,
            rspNetwork.network.body.edges[e.id].options.width]);""")
    existing = [d for d in drawn if d[0] == "existing"]
    assert existing and all(d[1] for d in existing)
    assert not any(d[1] for d in drawn if d[0] != "existing")
    assert all(d[2] and d[2].isdigit() for d in drawn)  # the score is written on each line
    widths = {e.label: e.width for e in data.edges}
    assert widths[max(widths, key=int)] > widths[min(widths, key=int)]
    assert len(driver.execute_script("return rspNetwork.nodes.getIds()")) == 15
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "network-synergies.png"))
    assert _severe(driver) == []


def test_synergy_tooltip_shows_evidence(driver: Any, hostile_store: Store,
                                        tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    data = synergy_data(hostile_store, [
        {"a": "region-north", "b": "region-south", "score": 80,
         "evidence": [EVIDENCE, HOSTILE]},
        {"a": "region-south", "b": "region-east", "score": 20, "evidence": ["both in Italy"]},
    ])
    _open(driver, data, tmp_path / "synergy.html", "Region synergies")
    assert driver.execute_script(
        "return [rspNetwork.nodes.length, rspNetwork.edges.length]") == [3, 2]
    edge_id = driver.execute_script(
        "return rspNetwork.edges.get({filter: e => e.from === 'region-north'})[0].id")
    # Hover a quarter of the way along the edge (straight in this view, its score label in
    # the middle) and wait for vis' tooltip.
    x, y, width, height = driver.execute_script("""
        const r = window.rspNetwork, e = r.edges.get(arguments[0]);
        const p = r.network.getPositions([e.from, e.to]);
        const at = {x: p[e.from].x * 0.7 + p[e.to].x * 0.3,
                    y: p[e.from].y * 0.7 + p[e.to].y * 0.3};
        const dom = r.network.canvasToDOM(at);
        const canvas = document.querySelector('#rsp-network canvas');
        return [dom.x, dom.y, canvas.clientWidth, canvas.clientHeight];
    """, edge_id)
    canvas = driver.find_element(By.CSS_SELECTOR, "#rsp-network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - width / 2), int(y - height / 2)).perform()
    ActionChains(driver).move_by_offset(1, 0).perform()
    tooltip = wait_for(lambda: next((t for t in driver.find_elements(By.CSS_SELECTOR,
                                                                    "div.vis-tooltip")
                                     if t.is_displayed() and EVIDENCE in t.text), None),
                       "the edge tooltip", timeout=10)
    assert HOSTILE in tooltip.text and "score" in tooltip.text
    assert "North Region" in tooltip.text and "South Region" in tooltip.text
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "network-synergy.png"))
    _no_xss(driver)
    assert _severe(driver) == []


def test_save_picture_makes_a_png(driver: Any, whole_page: tuple[NetworkData, Path]) -> None:
    from selenium.webdriver.common.by import By

    _, path = whole_page
    open_page(driver, path.as_uri() + "#focus=region-trnava&depth=1")
    driver.find_element(By.ID, "rsp-png").click()
    url = wait_for(lambda: driver.execute_script("return rspNetwork.lastPng"), "the picture")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = driver.execute_script(
        "const c = document.querySelector('#rsp-network canvas'); return [c.width, c.height]")
    assert width == canvas[0] and height > canvas[1]  # the picture and a caption below
    assert _severe(driver) == []
