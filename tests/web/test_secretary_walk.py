"""The secretary's walk: log in, land on the branch, record a meeting with a preview first,
and see the members' points change; a refused form keeps what was typed and writes nothing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.web.conftest import log_in, shoot


def roster_points(page, member_id: str):
    return page.locator("tr", has=page.get_by_role("link", name=member_id, exact=True)).locator("td.num")


def test_secretary_records_a_meeting_and_sees_the_points_change(site, page):
    log_in(page, site, "wangfang")
    expect(page).to_have_url(f"{site}/branches/B1?month=2026-11")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workshop One")
    expect(roster_points(page, "M1")).to_have_text("0.00")
    shoot(page, "secretary-branch")

    page.get_by_role("link", name="记录会议").first.click()
    expect(page).to_have_url(f"{site}/meetings/new?branch=B1")
    page.get_by_label("会议类型").select_option("lecture")
    page.get_by_label("日期").fill("2026-11-10")
    expect(page.get_by_role("radio", name="出席").first).to_be_checked()
    page.locator("input[name='a-M2'][value='absent']").check()
    page.locator("input[name='a-M3'][value='excused']").check()
    page.get_by_role("button", name="预览").click()
    preview = page.locator("section[aria-labelledby='preview-title'] tbody tr")
    expect(preview).to_have_count(5)  # the branch and the four members whose points move
    expect(preview.filter(has_text="M1")).to_contain_text("+2.00")
    expect(preview.filter(has_text="M2")).to_contain_text("-2.00")
    expect(page.locator("input[name='a-M2'][value='absent']")).to_be_checked()
    shoot(page, "secretary-meeting-preview")

    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/branches/B1\?month=2026-11&saved=e-"))
    expect(page.get_by_role("status")).to_contain_text("已保存")
    expect(roster_points(page, "M1")).to_have_text("2.00")
    expect(roster_points(page, "M2")).to_have_text("-2.00")
    expect(roster_points(page, "M3")).to_have_text("0.00")


def test_a_refused_meeting_is_shown_again_with_the_message_beside_the_date(site, site_db, page):
    log_in(page, site, "wangfang", "/meetings/new?branch=B1")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    page.get_by_label("会议类型").select_option("group")
    page.get_by_label("日期").fill("2026-12-01")  # after today, 2026-11-21
    page.locator("input[name='a-M4'][value='excused']").check()
    page.get_by_role("button", name="保存").click()
    field = page.locator(".field", has=page.get_by_label("日期"))
    expect(field.locator(".error")).to_have_text("日期 2026-12-01 晚于今天（2026-11-21）")
    expect(page.get_by_label("日期")).to_have_value("2026-12-01")
    expect(page.get_by_label("会议类型")).to_have_value("group")
    expect(page.locator("input[name='a-M4'][value='excused']")).to_be_checked()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    shoot(page, "secretary-meeting-refused")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_posting_the_same_form_twice_records_one_meeting(site, site_db, page):
    log_in(page, site, "wangfang", "/meetings/new?branch=B1")
    page.get_by_label("日期").fill("2026-11-03")
    fields = page.evaluate("() => Object.fromEntries(new FormData(document.querySelector('main form')))")
    page.get_by_role("button", name="保存").click()
    expect(roster_points(page, "M5")).to_have_text("2.00")
    with open_ledger(site_db) as ledger:
        after_first = event_count(ledger)
    again = page.request.post(f"{site}/meetings/new?branch=B1", form={**fields, "action": "save"})
    assert again.ok and again.url.endswith(f"saved={fields['meeting_id']}")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == after_first
    page.reload()
    expect(roster_points(page, "M5")).to_have_text("2.00")
