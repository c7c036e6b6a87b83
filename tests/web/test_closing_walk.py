"""The committee's month: close with a notice window, a member objects, the objection is
resolved; a month closed with no window is sealed and shows its digest."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import log_in, shoot


def close(page, month: str, days: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="预览"))
    form.get_by_label("所属月份").fill(month)
    form.get_by_label("公示天数").fill(days)
    form.get_by_role("button", name="保存").click()


def test_close_object_resolve_and_seal(site, browser, page):
    log_in(page, site, "chenjing", "/months")
    close(page, "2026-10", "5")
    expect(page.get_by_role("status")).to_have_text("已结账 2026-10，公示 5 天")
    close(page, "2026-09", "0")
    expect(page.get_by_role("row").filter(has_text="2026-09")).to_contain_text("封存 2026-09")

    member = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    log_in(member, site, "zhouyu", "/members/M1?month=2026-10")
    member.get_by_role("link", name="对公示提出异议").click()
    member.get_by_label("异议内容").fill("十月的党课出勤漏记")
    member.get_by_role("button", name="保存").click()
    expect(member).to_have_url(f"{site}/members/M1?month=2026-10")
    member.context.close()

    page.goto(f"{site}/months")
    october = page.get_by_role("row").filter(has_text="2026-10")
    objection = october.locator("form")
    objection.get_by_role("textbox").fill("已核实并补录")
    objection.get_by_role("button", name="处理").click()
    expect(page.get_by_role("status")).to_contain_text("已处理异议")
    expect(page.get_by_role("row").filter(has_text="2026-10")).to_contain_text("无")

    page.get_by_role("button", name="封存 2026-09").click()
    expect(page.get_by_role("status")).to_have_text("已封存 2026-09")
    expect(page.get_by_role("row").filter(has_text="2026-09")).to_contain_text("已封存")
    shoot(page, "reviewer-months")


def test_a_month_in_its_notice_window_is_not_sealed(site, page):
    log_in(page, site, "chenjing", "/months")
    close(page, "2026-10", "5")
    page.get_by_role("button", name="封存 2026-10").click()
    expect(page.locator("p.error")).to_contain_text("2026-10")
    expect(page.get_by_role("row").filter(has_text="2026-10")).not_to_contain_text("已封存")
