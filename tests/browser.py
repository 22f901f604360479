"""Headless Debian Chromium for the browser tests (nothing downloads a browser of its own),
and what the network page's tests and screenshots share: a window of a known size, waiting
for the page to be drawn."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def missing(reason: str) -> None:
    """Fail under CI (the browser is part of the set-up there), else skip with the reason."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI needs it: apt-get install -y chromium chromium-driver")
    pytest.skip(f"{reason} (apt-get install chromium chromium-driver to run this test)")


def start_chromium(profile: Path, *, window: str = "1400,900", console_log: bool = False
                   ) -> Any:
    """A selenium driver for /usr/bin/chromium with the flags this machine needs."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed")
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        missing(f"no headless browser: {CHROMIUM} or {CHROMEDRIVER} is missing")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run",
                "--disable-dev-shm-usage", f"--window-size={window}",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def viewport(driver: Any, width: int = 1400, height: int = 900) -> None:
    """Make the page's viewport exactly ``width`` x ``height`` CSS pixels (a headless window
    of that size has a smaller viewport), one device pixel each."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def offline(driver: Any) -> None:
    """Switch the browser's network off: the page must need none."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})


def wait_for(check: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Poll ``check`` until it returns something true; fail naming ``what`` after timeout."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def open_page(driver: Any, url: str) -> None:
    """Open a network page (a file URL, with a #view or not) and wait until it is drawn."""
    driver.get(url)
    wait_for(lambda: driver.execute_script(
        "return !!(window.rspNetwork && window.rspNetwork.stabilized)"), "the drawing")
