"""The committee dashboard: charts drawn by the locally served ECharts, figures in tables beside."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import log_in, shoot


def test_the_dashboard_draws_its_charts_with_the_figures_beside_them(site, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, site, "chenjing", "/dashboard?month=2026-03")
    stars = page.locator("section[aria-labelledby='stars-title'] table")
    expect(stars.get_by_role("row").filter(has_text="生产类")).to_have_text("生产类10000")
    expect(stars.get_by_role("row").filter(has_text="综合管理类")).to_have_text("综合管理类10000")
    trend = page.locator("section[aria-labelledby='trend-title'] table")
    expect(trend.get_by_role("row").filter(has_text="2026-03")).to_have_text("2026-0320.0025.33")
    last = page.get_by_role("table").filter(has_text="连续末位月数")
    expect(last.locator("tbody")).to_have_text("本月没有末位支部。")  # each branch is alone in its category
    expect(page.locator("#chart-stars svg")).to_be_visible()
    expect(page.locator("#chart-trend svg")).to_be_visible()
    expect(page.locator("#chart-trend")).to_contain_text("生产类")
    shoot(page, "committee-dashboard")
    assert all(url.startswith(site) for url in requested), [u for u in requested if not u.startswith(site)]
