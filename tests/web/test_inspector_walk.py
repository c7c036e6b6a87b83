"""The inspector's walk: record a violation (文号, 发文单位), the member appeals from their own
page, the inspector revokes it on appeal after a preview, and the member's score is restored."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import log_in, shoot


def member_total(page):
    return page.locator(".figures li").first


def test_the_inspector_revokes_on_appeal_and_the_score_is_restored(site, browser, page):
    log_in(page, site, "qianhong")
    expect(page).to_have_url(f"{site}/appeals")
    page.goto(f"{site}/entries/new?kind=violation&member=M1")
    page.get_by_label("日期").fill("2026-11-06")
    page.get_by_label("内容").fill("违反廉洁纪律")
    page.get_by_label("文号").fill("纪发〔2026〕12号")
    page.get_by_label("发文单位").fill("公司纪委")
    page.get_by_label("证据").fill("调查报告 DC-7")
    shoot(page, "inspector-violation")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/members/M1\?month=2026-11&saved=e-"))
    expect(member_total(page)).to_contain_text("-20.00")

    member = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN").new_page()
    log_in(member, site, "zhouyu")
    expect(member).to_have_url(f"{site}/members/M1?month=2026-11")
    member.get_by_role("row").filter(has_text="违纪扣分").get_by_role("link", name="申诉").click()
    member.get_by_label("申诉理由").fill("当天在外地出差")
    member.get_by_role("button", name="保存").click()
    expect(member.get_by_role("row").filter(has_text="纪发〔2026〕12号")).to_contain_text("申诉中")
    member.context.close()

    page.goto(f"{site}/appeals")
    row = page.get_by_role("row").filter(has_text="纪发〔2026〕12号")
    expect(row).to_contain_text("当天在外地出差")
    shoot(page, "inspector-appeals")
    row.get_by_role("link", name="复核").click()
    page.get_by_label("复核决定").select_option("revoke")
    page.get_by_label("复核意见").fill("出差记录属实")
    page.get_by_role("button", name="预览").click()
    expect(page.locator("section[aria-labelledby='preview-title']").get_by_role("row").filter(
        has_text="M1")).to_contain_text("+20.00")
    shoot(page, "inspector-decision-preview")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已复核申诉")
    page.goto(f"{site}/deductions?member=M1")
    expect(page.get_by_role("row").filter(has_text="纪发〔2026〕12号")).to_contain_text("撤销")
    page.goto(f"{site}/members/M1?month=2026-11")
    expect(member_total(page)).to_contain_text("0.00")
    expect(page.get_by_role("row").filter(has_text="违纪扣分")).to_contain_text("已冲销")


def test_a_member_sees_only_their_own_deductions(site, page):
    log_in(page, site, "zhouyu", "/deductions?member=M6")
    expect(page.get_by_role("heading", level=1)).to_have_text("未找到")


def test_a_member_lands_on_their_own_month_with_its_lines(site, page):
    log_in(page, site, "zhouyu")
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/members/M1\?month=\d{{4}}-\d{{2}}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("M1")
    page.goto(f"{site}/members/M1?month=2026-03")  # a month with lines
    expect(page.get_by_role("heading", name=re.compile("积分明细"))).not_to_contain_text("0 条")
    shoot(page, "member-me")
