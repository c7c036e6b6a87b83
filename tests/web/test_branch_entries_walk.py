"""The inspector's branch deduction and veto: previewed, then 保存, and the branch's month
changes; a refusal is shown beside its field with what was typed kept, and nothing is written."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.conftest import TODAY
from tests.web.conftest import log_in, shoot

PREVIEW = "section[aria-labelledby='preview-title']"


def branch_total(page) -> float:
    return float(page.locator("#stars li").first.locator(".big").inner_text())


def test_the_inspector_deducts_points_from_a_branch_after_a_preview(site, page):
    log_in(page, site, "qianhong", "/branches/B1?month=2026-11")
    before = branch_total(page)
    page.get_by_role("link", name="记录支部扣分").click()
    expect(page.get_by_label("党支部编号")).to_have_value("B1")
    expect(page.get_by_label("所属月份", exact=True)).to_have_value("2026-11")
    page.get_by_label("分值").fill("2")
    page.get_by_label("条款").fill("纪律监督 3.2")
    page.get_by_label("内容").fill("三会一课记录不全")
    page.get_by_role("button", name="预览").click()
    expect(page.locator(PREVIEW).get_by_role("row").filter(has_text="B1")).to_contain_text("-2.00")
    expect(page.get_by_label("条款")).to_have_value("纪律监督 3.2")
    shoot(page, "inspector-branch-deduction-preview")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/branches/B1\?month=2026-11&saved=e-"))
    expect(page.get_by_role("status")).to_contain_text("已保存记录")
    expect(page.get_by_role("row").filter(has_text="纪律监督 3.2")).to_contain_text("-2.00")
    assert branch_total(page) == before - 2


def test_a_veto_sets_the_branchs_month_to_one_star(site, site_db, page):
    with open_ledger(site_db, today=lambda: TODAY) as ledger:  # a final step worth 2 stars, before any page
        ledger.assess("B1", "2026-03", "final", Decimal(10), Decimal(20), Decimal(15), "chenjing (reviewer)",
                      Decimal(5))
    log_in(page, site, "qianhong")
    page.get_by_role("link", name="否决专项").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("记录否决专项")
    page.get_by_label("党支部编号").fill("B1")
    page.get_by_label("所属月份", exact=True).fill("2026-03")
    page.get_by_label("条款").fill("否决专项 1")
    page.get_by_label("内容").fill("发生安全责任事故")
    page.get_by_role("button", name="预览").click()
    expect(page.locator(PREVIEW).get_by_role("row").filter(has_text="B1")).to_contain_text("2★ → 1★")
    shoot(page, "inspector-veto-preview")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/branches/B1\?month=2026-03&saved=e-"))
    expect(page.locator("#stars li").nth(1).locator(".stars")).to_have_attribute("aria-label", "1星")
    expect(page.get_by_role("row").filter(has_text="否决专项 1")).to_contain_text("否决专项")


def test_an_unknown_branch_is_refused_beside_it_and_nothing_is_written(site, site_db, page):
    log_in(page, site, "qianhong", "/branch-entries/new?kind=deduction")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("党支部编号").fill("B9")
    page.get_by_label("分值").fill("2")
    page.get_by_label("条款").fill("纪律监督 3.2")
    page.get_by_label("内容").fill("三会一课记录不全")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field", has=page.get_by_label("党支部编号")).locator(".error")).to_have_text(
        "没有编号为 B9 的党支部")
    expect(page.get_by_label("条款")).to_have_value("纪律监督 3.2")
    expect(page.get_by_label("分值")).to_have_value("2")
    page.get_by_label("党支部编号").fill("B1")
    page.get_by_label("分值").fill("-3")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field", has=page.get_by_label("分值")).locator(".error")).to_have_text(
        "扣分 -3 须大于 0")
    shoot(page, "inspector-branch-deduction-refused")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before
