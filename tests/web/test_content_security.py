"""The pages under the strict Content-Security-Policy: a walk over many pages, the dashboard's
charts and the API docs, with no policy violation reported by Chromium."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.web.conftest import Served, log_in

# Every violation the page itself sees, reported on the console, whatever the browser prints.
LISTEN = """document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
});"""
WALK = ["/stars?month=2026-03", "/dashboard?month=2026-03", "/branches/B1?month=2026-03", "/members/M1?month=2026-03",
        "/history/M1", "/meetings/new?branch=B1", "/entries/new?kind=study&member=M1", "/branches/B1/dues?month=2026-03",
        "/review?month=2026-03", "/review/assess?branch=B1&month=2026-03", "/deductions?member=M1", "/admin/users",
        "/admin/org", "/sheets", "/months", "/appeals", "/verify", "/docs"]


def test_no_page_breaks_the_content_security_policy(site_db, page):
    violations: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "CSP violation" in message.text else None)
    with Served(site_db, api_docs=True) as served:
        base = served.base_url
        page.goto(f"{base}/login")
        log_in(page, base, "admin1")
        for path in WALK:
            answer = page.goto(f"{base}{path}")
            assert answer.status in (200, 403), (path, answer.status)
            assert answer.headers["content-security-policy"].startswith("default-src 'self'")
            page.wait_for_load_state("networkidle")
        expect(page.locator("#swagger-ui .information-container")).to_contain_text("starledger")
        page.goto(f"{base}/dashboard?month=2026-03")
        expect(page.locator("#chart-stars svg")).to_be_visible()
        expect(page.locator("#chart-trend svg")).to_be_visible()
        # A style rule of site.css applies: the stylesheet itself is allowed.
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "inline"
        page.screenshot(path="/tmp/edges-dashboard.png", full_page=True)
        page.goto(f"{base}/admin/users")
        page.screenshot(path="/tmp/edges-admin-users.png", full_page=True)
        page.goto(f"{base}/docs")
        expect(page.locator("#swagger-ui .information-container")).to_contain_text("starledger")
        page.screenshot(path="/tmp/edges-docs.png")
        static = httpx.get(f"{base}/static/site.css")
    assert violations == []
    assert static.headers.get("cache-control") is None and static.headers["x-content-type-options"] == "nosniff"


def test_a_page_with_an_inline_script_would_be_reported(site, page):
    """The listener above does hear violations: a script added inline is refused and reported."""
    heard: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: heard.append(message.text) if "CSP violation" in message.text else None)
    page.goto(f"{site}/login")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert heard and heard[0].startswith("CSP violation: script-src")
