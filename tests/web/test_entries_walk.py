"""Entry forms and reversal: a study session recorded from the member's page, then reversed
with its reason; a rating out of range is refused beside its field, nothing written."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.web.conftest import log_in, shoot


def test_secretary_records_a_study_session_then_reverses_it(site, page):
    log_in(page, site, "wangfang", "/members/M2?month=2026-11")
    expect(page.locator(".figures li").first).to_contain_text("0.00")
    page.get_by_role("link", name="记录学习教育").click()
    expect(page.get_by_label("党员编号")).to_have_value("M2")
    page.get_by_label("日期").fill("2026-11-05")
    page.get_by_label("内容").fill("学习党章第二章")
    page.get_by_role("button", name="预览").click()
    expect(page.locator("section[aria-labelledby='preview-title']")).to_contain_text("+1.00")
    shoot(page, "secretary-study-preview")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/members/M2\?month=2026-11&saved=e-"))
    line = page.get_by_role("row").filter(has_text="学习教育")
    expect(line).to_contain_text("default-2026/study")
    expect(line).to_contain_text("wangfang (secretary)")
    expect(page.locator(".figures li").first).to_contain_text("1.00")

    line.get_by_role("link", name="冲销").click()
    expect(page.get_by_label("冲销原因")).to_have_attribute("required", "")
    page.get_by_label("冲销原因").fill("日期记错")
    page.get_by_role("button", name="预览").click()
    expect(page.locator("section[aria-labelledby='preview-title']")).to_contain_text("-1.00")
    shoot(page, "secretary-reversal-preview")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("row").filter(has_text="Member.EntryReversed")).to_contain_text("日期记错")
    page.goto(f"{site}/members/M2?month=2026-11")
    expect(page.get_by_role("row").filter(has_text="学习教育")).to_contain_text("已冲销 日期记错")
    expect(page.locator(".figures li").first).to_contain_text("0.00")


def test_a_rating_out_of_range_is_refused_beside_the_score(site, site_db, page):
    log_in(page, site, "wangfang", "/entries/new?kind=rating&member=M1")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("所属月份", exact=True).fill("2026-10")
    page.get_by_label("评分（0–10）").fill("11")
    page.get_by_role("button", name="保存").click()
    score = page.locator(".field", has=page.get_by_label("评分（0–10）"))
    expect(score.locator(".error")).to_have_text("评分 11 超出 0–10")  # the ledger's rule, said in Chinese
    expect(page.get_by_label("评分（0–10）")).to_have_value("11")
    expect(page.get_by_label("所属月份", exact=True)).to_have_value("2026-10")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_a_score_that_is_not_a_number_is_refused_by_the_command_model_beside_it(site, site_db, page):
    log_in(page, site, "wangfang", "/entries/new?kind=rating&member=M1")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("所属月份", exact=True).fill("2026-10")
    page.get_by_label("评分（0–10）").fill("九")
    page.get_by_role("button", name="保存").click()
    score = page.locator(".field", has=page.get_by_label("评分（0–10）"))
    expect(score.locator(".error")).to_have_text("评分：“九”不是数字")  # build's InvalidInput
    expect(page.get_by_label("评分（0–10）")).to_have_value("九")
    expect(page.get_by_label("党员编号")).to_have_value("M1")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_a_secretary_cannot_record_for_a_member_of_another_branch(site, site_db, page):
    log_in(page, site, "wangfang", "/entries/new?kind=commendation&member=M6")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("日期").fill("2026-11-02")
    page.get_by_label("内容").fill("抢修")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field", has=page.get_by_label("党员编号")).locator(".error")).to_have_text(
        "没有编号为 M6 的党员")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before
