"""Screenshots of the network page's views, for the documentation.

Loads ``data/partnership`` into a temporary LadybugDB, writes each view as ``rsp viz``
would, opens it in headless Chromium (no network) at 1400 x 900 and saves the picture::

    python -m tests.screenshots            # into docs/screenshots/
    python -m tests.screenshots --out DIR

The views: the whole graph, the whole graph focused on Trnava in the page (the link's
``#focus=...``), the ego view of Trnava at depth 2, the partnership's synergies and
Trnava's synergy star.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.browser import offline, open_page, start_chromium, viewport
from tests.support import PARTNERSHIP, ROOT
from usecases.network import NetworkData, network_data, synergy_view
from usecases.progress import collect_report
from views.network import DEFAULT_TITLE, SYNERGY_TITLE, write_html
from views.report import write_report

OUT = ROOT / "docs" / "screenshots"
SIZE = (1400, 900)

#: File name, what rsp viz command makes the page, the page's title, the view, and the URL
#: fragment to open it with.
VIEWS: list[tuple[str, str, str, Callable[[Store], NetworkData], str]] = [
    ("network.png", "rsp viz", DEFAULT_TITLE, network_data, ""),
    ("network-focus-trnava.png", "rsp viz, then a click on Trnava Region", DEFAULT_TITLE,
     network_data, "#focus=region-trnava&depth=1"),
    ("network-trnava.png", "rsp viz --region trnava --depth 2", DEFAULT_TITLE,
     lambda s: network_data(s, region="region-trnava", depth=2), ""),
    ("synergies.png", "rsp viz --synergies", SYNERGY_TITLE, synergy_view, ""),
    ("synergies-trnava.png", "rsp viz --synergies --region trnava", SYNERGY_TITLE,
     lambda s: synergy_view(s, "trnava"), ""),
]


def take(out: Path = OUT) -> list[Path]:
    """Write every view's screenshot into ``out``; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="rsp-screenshots-") as tmp:
        folder = Path(tmp)
        store = open_store(str(folder / "db"))
        try:
            load_path(store, PARTNERSHIP)
            pages = []
            for name, _, title, make, fragment in VIEWS:
                page = write_html(make(store), folder / (Path(name).stem + ".html"),
                                  title=title)
                pages.append((name, page.as_uri() + fragment))
            report = write_report(collect_report(store, dt.date.today()),
                                  folder / "report.html")
            pages.append(("report.png", report.as_uri()))
        finally:
            store.close()
        driver = start_chromium(folder / "profile", window=f"{SIZE[0]},{SIZE[1]}")
        try:
            offline(driver)
            viewport(driver, *SIZE)
            for name, url in pages:
                if name == "report.png":  # a plain page: nothing is drawn by script
                    driver.get(url)
                else:
                    open_page(driver, url)
                time.sleep(0.3)  # let the last frame land
                target = out / name
                driver.save_screenshot(str(target))
                written.append(target)
        finally:
            driver.quit()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = parser.parse_args()
    for path in take(args.out):
        print(path)


if __name__ == "__main__":
    main()
