"""The auditor's drill-down, from a star to the rule clause and the raw event behind it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from ledger.clock import recording_at
from tests.conftest import TODAY

from tests.web.conftest import log_in, shoot


def test_auditor_drills_from_a_star_to_a_rule_clause(site, page):
    log_in(page, site, "liming")
    expect(page).to_have_url(f"{site}/stars?month=2026-11")
    page.get_by_label("所属月份").fill("2026-03")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(f"{site}/stars?month=2026-03&as_of=")  # no moment asked: the current figures
    expect(page.get_by_role("heading", name="生产类")).to_be_visible()
    shoot(page, "auditor-stars")

    page.get_by_role("row", name="Workshop One").get_by_role("link").nth(1).click()  # its score
    expect(page).to_have_url(f"{site}/branches/B1?month=2026-03")
    expect(page.get_by_role("row", name="队伍建设")).to_contain_text("5 名党员平均")
    shoot(page, "auditor-branch")

    page.get_by_role("link", name="M1", exact=True).click()
    expect(page).to_have_url(f"{site}/members/M1?month=2026-03")
    line = page.get_by_role("row").filter(has_text="e-march-assembly/M1")
    expect(line).to_contain_text("default-2026/attend.assembly")
    expect(line).to_contain_text("§3 attended branch assembly 支部党员大会")
    expect(line).to_contain_text("wangfang (secretary)")
    expect(line.locator("td.num")).to_have_text("2.00")
    expect(page.locator(".figures")).to_contain_text("3.00")  # 2 for the assembly + 1 study
    shoot(page, "auditor-member")

    line.get_by_role("link", name="e-march-assembly/M1").click()
    expect(page).to_have_url(f"{site}/history/e-march-assembly/M1")
    expect(page.get_by_role("row").filter(has_text="Member.AttendanceRecorded")).to_contain_text("2026-03-05")
    shoot(page, "auditor-history")


def test_the_as_of_picker_and_the_published_figure_stand_beside_the_current_one(site, site_db, page):
    with open_ledger(site_db, today=lambda: TODAY) as ledger:
        ledger.close_month("2026-03", 5, "committee (reviewer)")
        # The picker takes whole seconds: the next one is after every write so far.
        before_late = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=1)
        with recording_at(before_late + timedelta(seconds=1)):
            ledger.record_commendation("M1", date(2026, 3, 20), "抢修", "wangfang (secretary)", "e-late-praise",
                                       late_reason="漏报")
    log_in(page, site, "liming", "/members/M1?month=2026-03")
    page.get_by_label("截至时刻（UTC）").fill(before_late.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="对照").click()
    rows = page.locator("section.moments tbody tr")
    expect(rows.nth(0)).to_contain_text("当前")
    expect(rows.nth(0)).to_contain_text("6.00")
    expect(rows.nth(1)).to_contain_text(f"截至 {before_late:%Y-%m-%d %H:%M} UTC")
    expect(rows.nth(1).locator("td.num").first).to_have_text("3.00")
    expect(rows.nth(1).locator("td.num").nth(1)).to_have_text("+3.00")
    expect(rows.nth(2)).to_contain_text("公示值（结账时）")
    expect(rows.nth(2).locator("td.num").first).to_have_text("3.00")
    expect(page.get_by_role("row").filter(has_text="e-late-praise")).to_contain_text("补录 漏报")
    shoot(page, "auditor-member-as-of")


def test_the_verify_button_shows_the_result_and_the_chain_head(site, site_db, page):
    log_in(page, site, "liming")
    page.get_by_role("link", name="校验台账").click()
    page.get_by_role("button", name="校验").click()
    expect(page.get_by_role("heading", name="校验通过")).to_be_visible()
    with open_ledger(site_db) as ledger:
        head = ledger.verify()["head"]
    expect(page.locator("#chain-head")).to_have_text(head["hash"])
    page.get_by_label("上次记下的链头哈希（可不填）").fill("not-a-hash")
    page.get_by_role("button", name="校验").click()
    expect(page.locator(".field .error")).to_have_text("链头哈希应为 64 位十六进制字符")
    expect(page.get_by_label("上次记下的链头哈希（可不填）")).to_have_value("not-a-hash")
    page.get_by_label("上次记下的链头哈希（可不填）").fill(head["hash"])
    page.get_by_role("button", name="校验").click()
    expect(page.get_by_role("status")).to_contain_text("没有发现问题")
    shoot(page, "auditor-verify")


def test_a_secretary_may_not_verify(site, page):
    log_in(page, site, "wangfang")
    response = page.goto(f"{site}/verify")
    assert response.status == 403
    expect(page.locator(".notice")).to_have_text("您的角色不能使用这个页面。")


def test_the_auditor_downloads_the_months_export_and_sees_who_looked_at_deductions(site, site_db, page):
    with open_ledger(site_db, today=lambda: TODAY) as ledger:
        ledger.record_violation("M1", date(2026, 3, 9), "迟报", "纪发〔2026〕3号", "公司纪委", "qianhong (inspector)")
    log_in(page, site, "liming", "/stars?month=2026-03")
    with page.expect_download() as download:
        page.get_by_role("link", name="2026-03.csv").click()
    assert download.value.suggested_filename == "2026-03.csv"
    page.goto(f"{site}/deductions?member=M1")
    page.get_by_role("link", name="查阅记录").click()
    look = page.get_by_role("row").filter(has_text="liming (auditor)")
    expect(look).to_contain_text("member=M1")
    expect(look.locator("td.num")).to_have_text("1")
    shoot(page, "auditor-reads")


def test_the_stars_as_of_a_moment_before_an_entry(site, site_db, page):
    before = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=1)
    with open_ledger(site_db, today=lambda: TODAY) as ledger, recording_at(before + timedelta(seconds=1)):
        ledger.assess("B1", "2026-03", "final", Decimal(9), Decimal(18), Decimal(14), "chenjing (reviewer)")
    log_in(page, site, "liming", "/stars?month=2026-03")
    expect(page.get_by_role("row").filter(has_text="Workshop One")).to_contain_text("66.33")
    page.get_by_label("截至时刻（UTC，可不填）").fill(before.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("截至")
    expect(page.get_by_role("row").filter(has_text="Workshop One")).to_contain_text("25.33")
