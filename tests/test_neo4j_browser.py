"""The project's queries in the real Neo4j Browser (5.x, served by the test Neo4j server).

The first tests need no browser: the committed guide and favourites in ``docs/browser-guide``
must equal what ``views/browser_guide.py`` generates now, and the guide server must answer
the CORS preflight the Browser sends. The others drive a real headless Chromium (Debian
packages ``chromium`` and ``chromium-driver``; selenium gets the driver's path, so Selenium
Manager never runs and nothing is downloaded) against the ``neo4j_server`` fixture's HTTP
port: log in through the connect form, type a project query into the editor and run it, load
the guide with ``:guide URL`` and run a query from it, and import the favourites zip.
Without Chromium the browser tests are skipped, except under CI (``CI`` set): they fail.
Screenshots go to ``test-artifacts/neo4j-browser-*.png``.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import queries
from graph.registry import open_store
from tests.browser import start_chromium
from tests.support import PARTNERSHIP, ROOT
from usecases import data
from views import browser_guide as bg

ARTIFACTS = ROOT / "test-artifacts"
GUIDE_DIR = ROOT / "docs" / "browser-guide"
QUERY = "region_challenges"
REGION = "region-trnava"


# --- generated files and the guide server (no browser) ---------------------------------


def test_committed_guide_is_up_to_date() -> None:
    stale = bg.stale_files(GUIDE_DIR)
    assert stale == [], (f"docs/browser-guide is out of date ({', '.join(stale)}); "
                         "regenerate it: python -m views.browser_guide write")


def test_guide_has_every_neo4j_query_escaped() -> None:
    shipped = queries.all_queries()
    hostile = replace(queries.get(QUERY), name="hostile",
                      description="<script>alert(1)</script> & <b>bold</b>")
    ladybug_only = replace(queries.get("regions"), name="only_ladybug", engines=("ladybug",))
    chosen = bg.browser_queries([*shipped, hostile, ladybug_only])
    assert "only_ladybug" not in [q.name for q in chosen]
    page = bg.guide_html(chosen)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert page.count("<slide ") == len(chosen) + 1
    for q in bg.browser_queries(shipped):
        assert f"<h3>{chosen.index(q) + 2}. {q.name}</h3>" in page  # its slide number
        # Every parameter gets a value: required ones a real example, optional ones null.
        commands = bg.param_commands(q)
        assert [c.split()[1] for c in commands] == [p.name for p in q.params]
        assert all(c.endswith(";") for c in commands)  # one Browser statement each


def test_example_values_match_the_data() -> None:
    ids = {row.split(",", 1)[0] for name in ("regions", "projects", "challenges")
           for row in (PARTNERSHIP / f"{name}.csv").read_text(encoding="utf-8").splitlines()}
    for key in ("region", "project", "challenge"):
        assert bg.EXAMPLES[key] in ids
    assert set(bg.EXAMPLES["challenges"]) <= ids


def test_favorites_zip_imports_as_one_folder() -> None:
    with zipfile.ZipFile(GUIDE_DIR / bg.FAVORITES_ZIP) as archive:
        names = archive.namelist()
        assert names == [f"{bg.FAVORITES_FOLDER}/{q.name}.cypher"
                         for q in bg.browser_queries()]
        text = archive.read(f"{bg.FAVORITES_FOLDER}/{QUERY}.cypher").decode("utf-8")
    query = queries.get(QUERY)
    assert text.splitlines()[0] == f"// {QUERY}: {query.description}"
    assert text.rstrip().endswith(query.text.strip())
    assert f"//   :param region => '{bg.EXAMPLES['region']}';" in text


def test_write_and_check_keep_the_directory_in_step(tmp_path: Path) -> None:
    out = tmp_path / "guide"
    assert bg.main(["check", str(out)]) == 1
    assert bg.main(["write", str(out)]) == 0
    assert bg.main(["check", str(out)]) == 0
    gone = out / bg.FAVORITES_DIR / "dropped_query.cypher"
    gone.write_text("// dropped_query: a query that no longer exists\nRETURN 1\n")
    assert bg.stale_files(out) == [f"{bg.FAVORITES_DIR}/dropped_query.cypher"]
    bg.write_guide(out)
    assert not gone.exists() and bg.stale_files(out) == []


def test_guide_server_runs_as_a_lone_file(tmp_path: Path) -> None:
    """What the compose "guide" service does: the file alone, standard library only."""
    lone = tmp_path / "browser_guide.py"
    shutil.copy(Path(bg.__file__), lone)
    done = subprocess.run([sys.executable, "-I", "-S", str(lone), "serve", "--help"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--port" in done.stdout


@pytest.fixture(scope="module")
def guide_server() -> Iterator[int]:
    server = bg.make_server(GUIDE_DIR, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_guide_server_answers_the_cors_preflight(guide_server: int) -> None:
    url = f"http://127.0.0.1:{guide_server}/{bg.GUIDE_FILE}"
    preflight = urllib.request.Request(url, method="OPTIONS", headers={
        "Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "pragma,cache-control"})
    with urllib.request.urlopen(preflight, timeout=5) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "pragma" in response.headers["Access-Control-Allow-Headers"]
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.read() == (GUIDE_DIR / bg.GUIDE_FILE).read_bytes()
    with pytest.raises(urllib.error.HTTPError) as listing:
        urllib.request.urlopen(f"http://127.0.0.1:{guide_server}/favorites/", timeout=5)
    assert listing.value.code == 404


# --- the real Browser ----------------------------------------------------------------


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"), window="1400,1000")
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def neo4j_browser(neo4j_server: dict[str, str]) -> dict[str, Any]:
    """The server with the partnership data loaded, its Browser URL and guide allowlist."""
    http = neo4j_server.get("http", "").rstrip("/")
    if not http:
        message = "the Neo4j server's HTTP URL is unknown (set NEO4J_HTTP_URL with NEO4J_URI)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    store = open_store(neo4j_server["uri"], user=neo4j_server["user"],
                       password=neo4j_server["password"])
    try:
        store.execute("MATCH (n) DETACH DELETE n", write=True)
        # As `rsp load` leaves it: the graph and its synergy index (queried by the guide).
        data.load(store, PARTNERSHIP)
        allowlist = store.execute(
            "CALL dbms.clientConfig() YIELD name, value "
            "WHERE name = 'browser.remote_content_hostname_whitelist' RETURN value").rows
        query = queries.get(QUERY)
        expected = store.execute(query.text, query.bind({"region": REGION})).rows
        guide_expected = store.execute(query.text,
                                       query.bind(bg.example_params(query))).rows
        everything = store.execute(query.text, query.bind({})).rows
    finally:
        store.close()
    hosts = [h.strip() for h in str(allowlist[0][0]).split(",")] if allowlist else []
    return {"http": http, "bolt": neo4j_server["uri"], "user": neo4j_server["user"],
            "password": neo4j_server["password"], "guide_hosts": hosts,
            "expected": expected, "guide_expected": guide_expected, "everything": everything}


def _wait(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    end = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except Exception:  # elements come and go while React re-renders
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _visible(driver: Any, by: str, selector: str) -> Any:
    """The first displayed element matching the selector, or None."""
    return next((e for e in driver.find_elements(by, selector) if e.is_displayed()), None)


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"neo4j-browser-{name}.png"))


def _newest_frame(driver: Any, command: str, needle: str, timeout: float = 20.0) -> str:
    """Text of the newest result frame once it is the frame of ``command`` and shows needle."""
    from selenium.webdriver.common.by import By

    def frame_text() -> str | None:
        frames = driver.find_elements(By.CSS_SELECTOR, "[data-testid=frame]")
        text = str(frames[0].text) if frames else ""
        return text if text.startswith(command) and needle in text else None

    try:
        return str(_wait(frame_text, f"a frame of {command!r} showing {needle!r}", timeout))
    except AssertionError:
        _shot(driver, "failure")
        raise


def _run(driver: Any, command: str) -> None:
    """Type one command into the editor (one line) and press its Run button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    editor = _wait(lambda: driver.find_element(By.CSS_SELECTOR, ".monaco-editor textarea"),
                   "the editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(command)
    editor.send_keys(Keys.ESCAPE)  # close any completion popup
    typed = driver.execute_script(
        "return document.querySelector('.monaco-editor .view-lines').textContent")
    assert " ".join(str(typed).replace("\xa0", " ").split()) == " ".join(command.split())
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()


def _connect(driver: Any, server: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server["http"] + "/browser/")
    _wait(lambda: _visible(driver, By.CSS_SELECTOR, "input[data-testid=password]"),
          "the connect form", timeout=40)
    # React-controlled inputs: WebElement.clear() does not reach React, select-all does.
    for testid, value in (("boltaddress", server["bolt"]), ("username", server["user"]),
                          ("password", server["password"])):
        field = driver.find_element(By.CSS_SELECTOR, f"input[data-testid={testid}]")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        field.send_keys(value)
    address = driver.find_element(By.CSS_SELECTOR, "input[data-testid=boltaddress]")
    assert address.get_attribute("value") in (server["bolt"], server["bolt"].split("://")[-1])
    driver.find_element(By.CSS_SELECTOR, "button[data-testid=connect]").click()
    try:
        _wait(lambda: "You are connected as user" in
              driver.find_element(By.TAG_NAME, "body").text, "the login", timeout=30)
    except AssertionError:
        _shot(driver, "failure")
        raise


def _check_rows(text: str, expected: list[tuple[Any, ...]],
                everything: list[tuple[Any, ...]]) -> None:
    """The frame shows every expected row and none of the regions the parameters leave out."""
    assert expected
    for region, challenge, *_ in expected:
        assert region in text and challenge in text
    others = {row[0] for row in everything} - {row[0] for row in expected}
    assert others and not [region for region in others if region in text]


def test_every_guide_slide_runs_with_its_example_values(neo4j_browser: dict[str, Any]) -> None:
    """What the guide's two blocks do, through the driver: no slide ends in an error."""
    store = open_store(neo4j_browser["bolt"], user=neo4j_browser["user"],
                       password=neo4j_browser["password"])
    try:
        for q in bg.browser_queries():
            rows = store.execute(q.text, q.bind(bg.example_params(q))).rows
            if any(not p.optional for p in q.params):
                assert rows, f"{q.name}: the example values find nothing"
    finally:
        store.close()


def test_browser_runs_a_project_query(driver: Any, neo4j_browser: dict[str, Any]) -> None:
    server = neo4j_browser
    assert any(row[1] == "Battery value-chain skills" for row in server["expected"])
    _connect(driver, server)
    _run(driver, f":param region => '{REGION}'")
    _newest_frame(driver, ":param region", "Successfully set your parameter")
    _run(driver, ":param rsp_member => null")
    _newest_frame(driver, ":param rsp_member", "Successfully set your parameter")
    query = queries.get(QUERY).text
    _run(driver, " ".join(query.split()))
    text = _newest_frame(driver, "MATCH (r:Region)", "Battery value-chain skills")
    _check_rows(text, server["expected"], server["everything"])
    _shot(driver, "query")


def test_browser_guide_runs_a_query(driver: Any, neo4j_browser: dict[str, Any],
                                    guide_server: int) -> None:
    from selenium.webdriver.common.by import By

    server = neo4j_browser
    host = next((h for h in ("127.0.0.1", "localhost") if h in server["guide_hosts"]), None)
    if host is None and "*" not in server["guide_hosts"]:
        pytest.skip(f"the server allows guides only from {server['guide_hosts']}")
    url = bg.guide_url(host or "127.0.0.1", guide_server)
    _run(driver, ":params {}")  # so the query below can only run with the guide's parameters
    _newest_frame(driver, ":params", "Successfully set your parameters")
    _run(driver, f":guide {url}")
    _wait(lambda: "rsp-graph: project queries" in driver.find_element(By.TAG_NAME, "body").text,
          "the guide", timeout=20)
    slide = [q.name for q in bg.browser_queries()].index(QUERY) + 2  # slide 1: the index
    for _ in range(slide - 1):
        _wait(lambda: _visible(driver, By.XPATH, "//button[normalize-space()='Next']"),
              "the Next button").click()
    _wait(lambda: f"{slide}. {QUERY}" in driver.find_element(By.TAG_NAME, "body").text,
          f"slide {slide}")
    blocks = _wait(lambda: [p for p in driver.find_elements(By.CSS_SELECTOR, "pre.runnable")
                            if p.is_displayed()], "the runnable blocks")
    params_block, query_block = blocks
    assert f":param region => '{bg.EXAMPLES['region']}';" in params_block.text
    params_block.find_element(By.CSS_SELECTOR, "i.fa-play-circle-o").click()
    _newest_frame(driver, ":param region", ":param rsp_member")
    query_block.find_element(By.CSS_SELECTOR, "i.fa-play-circle-o").click()
    text = _newest_frame(driver, "MATCH (r:Region)", server["guide_expected"][0][1])
    _check_rows(text, server["guide_expected"], server["everything"])
    _shot(driver, "guide")


def test_browser_imports_the_favorites(driver: Any, neo4j_browser: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    # What dropping the zip from a file manager on the Browser window does: a drop event
    # carrying the file, handled by the Browser's own drop zone (class "filedrop").
    payload = base64.b64encode((GUIDE_DIR / bg.FAVORITES_ZIP).read_bytes()).decode("ascii")
    driver.execute_script("""
        const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
        const file = new File([bytes], arguments[1], {type: 'application/zip'});
        const transfer = new DataTransfer();
        transfer.items.add(file);
        const zone = document.querySelector('.filedrop');
        for (const type of ['dragenter', 'dragover', 'drop']) {
            zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true,
                                                    cancelable: true}));
        }
    """, payload, bg.FAVORITES_ZIP)
    driver.find_element(By.CSS_SELECTOR, "button[name=Favorites]").click()
    folder = _wait(lambda: driver.find_element(
        By.CSS_SELECTOR, f"[data-testid='savedScriptsFolder-{bg.FAVORITES_FOLDER}']"),
        "the imported folder")
    folder.click()
    titles = _wait(lambda: [e.get_attribute("data-testid")[len("scriptTitle-"):]
                            for e in driver.find_elements(
                                By.CSS_SELECTOR, "[data-testid^='scriptTitle-']")],
                   "the imported favourites")
    expected = [f"{q.name}: {q.description}" for q in bg.browser_queries()]
    assert titles == expected
    item = next(e for e in driver.find_elements(
        By.CSS_SELECTOR, "[data-testid=savedScriptListItem]") if e.text.startswith("projects:"))
    item.find_element(By.CSS_SELECTOR, "[data-testid=savedScriptsButton-Run]").click()
    _newest_frame(driver, "// projects:", "ALBATTS")
    _shot(driver, "favorites")
