"""Headless Debian Chromium for the browser tests (nothing downloads a browser of its own)."""

from __future__ import annotations

import os
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
