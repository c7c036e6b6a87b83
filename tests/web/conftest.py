"""Browser tests: a real uvicorn server on 127.0.0.1 and Debian's Chromium driven by Playwright.

The server runs in a thread of the test process over a fresh copy of the small organisation
(tests/builders.py) on SQLite and on the test run's PostgreSQL, with one user per role
below. Chromium is never downloaded: scripts/test.sh installs Debian's package, and a
missing /usr/bin/chromium fails the tests rather than skipping them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
import uvicorn

from commands.service.ledger import open_ledger
from commands.web.site import create_site
from tests.conftest import TODAY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "correct-horse-7"
# user name -> (role, scope): a secretary per branch, an auditor and a reviewer over the committee,
# a reviewer of the general branch, member M1, an inspector and an admin over the committee.
USERS = {"wangfang": ("secretary", "B1"), "zhaolei": ("secretary", "B2"), "liming": ("auditor", "C1"),
         "chenjing": ("reviewer", "C1"), "sunli": ("reviewer", "G1"), "zhouyu": ("member", "M1"),
         "qianhong": ("inspector", "C1"), "admin1": ("admin", "C1")}
# A build folder, not docs/: every run would otherwise rewrite the committed images.
# scripts/refresh_screenshots.sh copies them into docs/screenshots when asked.
SCREENSHOTS = Path(os.environ.get("STARLEDGER_SCREENSHOTS")
                   or Path(__file__).resolve().parents[2] / "build" / "screenshots")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def add_people(url: str) -> None:
    """The users of the walks, and a March meeting so the figures are not all zero."""
    ledger = open_ledger(url, today=lambda: TODAY)
    try:
        for name, (role, scope) in USERS.items():
            ledger.add_user(name, role, scope, "admin")
            ledger.set_password(name, PASSWORD, "admin")
        ledger.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2", "M3"], ["M4"], ["M5"],
                              "wangfang (secretary)", "e-march-assembly")
        ledger.record_study("M1", date(2026, 3, 12), "党章学习", "wangfang (secretary)", "e-march-study")
        ledger.catch_up()
    finally:
        ledger.close()


class Served:
    """uvicorn serving the site on a socket bound to a free port, in a daemon thread."""

    def __init__(self, url: str, **site_options: Any):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        # plain HTTP: a Secure cookie would stay home
        site = create_site(url, today=lambda: TODAY, **{"secure_cookies": False, **site_options})
        config = uvicorn.Config(site, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "Served":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture
def site_db(org_url) -> str:
    add_people(org_url)
    return org_url


@pytest.fixture
def site(site_db) -> Iterator[str]:
    """The base URL of a real server over a fresh ledger (SQLite and PostgreSQL)."""
    with Served(site_db) as served:
        yield served.base_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def log_in(page, base: str, name: str, then: str | None = None) -> None:
    page.goto(f"{base}{then or '/login'}")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def shoot(page, name: str) -> None:
    """Screenshots of the page at desktop and phone width, for the README and for looking at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        # The charts redraw on the resize event; then nothing may be wider than the screen.
        # Polled from here: wait_for_function evaluates its predicate with eval in the page, which
        # the pages' Content-Security-Policy forbids; page.evaluate is not subject to it.
        deadline = time.monotonic() + 5
        while not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            if time.monotonic() > deadline:
                width = page.evaluate("document.documentElement.scrollWidth")
                raise AssertionError(f"{name} is {width} px wide at {size['width']} px: it overflows sideways")
            page.wait_for_timeout(100)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def org_form(page, name: str):
    """One of the organisation page's forms (/admin/org), unfolded."""
    box = page.locator(f"#form-{name}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box
