"""The secretary's dues table: one row per member, amount and date; one bad cell writes nothing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.web.conftest import log_in, shoot


def test_secretary_records_the_months_dues_in_one_table(site, page):
    log_in(page, site, "wangfang", "/branches/B1/dues?month=2026-11")
    page.get_by_label("金额（Member 1）").fill("25.50")
    page.get_by_label("日期（Member 1）").fill("2026-11-10")
    page.get_by_label("金额（Member 2）").fill("30")
    page.get_by_label("日期（Member 2）").fill("2026-11-12")
    page.get_by_role("button", name="预览").click()
    preview = page.locator("section[aria-labelledby='preview-title'] tbody tr")
    expect(preview.filter(has_text="M1")).to_contain_text("+2.00")
    expect(page.get_by_label("金额（Member 2）")).to_have_value("30")
    shoot(page, "secretary-dues-preview")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/branches/B1/dues\?month=2026-11&saved=2$"))
    expect(page.get_by_role("status")).to_have_text("已保存 2 笔党费。")
    expect(page.get_by_role("row", name=re.compile("Member 1"))).to_contain_text("25.50 元 · 2026-11-10")
    page.goto(f"{site}/branches/B1?month=2026-11")
    member_1 = page.locator("tr", has=page.get_by_role("link", name="M1", exact=True))
    expect(member_1.locator("td.num")).to_have_text("2.00")


def test_a_bad_amount_is_refused_beside_its_cell_and_nothing_is_written(site, site_db, page):
    log_in(page, site, "wangfang", "/branches/B1/dues?month=2026-11")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("金额（Member 1）").fill("25")
    page.get_by_label("日期（Member 1）").fill("2026-11-10")
    page.get_by_label("金额（Member 3）").fill("0")
    page.get_by_label("日期（Member 3）").fill("2026-11-11")
    page.get_by_role("button", name="保存").click()
    cell = page.locator("td", has=page.get_by_label("金额（Member 3）"))
    expect(cell.locator(".error")).to_have_text("金额 0 须大于 0")
    expect(page.get_by_label("金额（Member 1）")).to_have_value("25")
    expect(page.get_by_label("日期（Member 3）")).to_have_value("2026-11-11")
    shoot(page, "secretary-dues-refused")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before
