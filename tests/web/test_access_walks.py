"""Logging in and out, and the negative walks: another branch's pages are not found."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import log_in, shoot


@pytest.mark.parametrize("path", ["/branches/B2", "/members/M6?month=2026-03", "/meetings/new?branch=B2",
                                  "/branches/B9"])
def test_a_secretary_opening_another_branchs_page_gets_not_found(site, page, path):
    log_in(page, site, "wangfang")
    response = page.goto(f"{site}{path}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("未找到")
    expect(page.locator("body")).not_to_contain_text("Office")  # B2's name never shows


def test_the_login_page_refuses_a_wrong_password_and_keeps_the_name(site, page):
    page.goto(f"{site}/login")
    shoot(page, "login")
    page.get_by_label("用户名").fill("wangfang")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".field", has=page.get_by_label("密码")).locator(".error")).to_have_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("wangfang")


def test_a_page_asked_before_logging_in_opens_after_logging_in(site, page):
    page.goto(f"{site}/members/M1?month=2026-03")
    expect(page).to_have_url(f"{site}/login?next=%2Fmembers%2FM1%3Fmonth%3D2026-03")
    page.get_by_label("用户名").fill("liming")
    page.get_by_label("密码").fill("correct-horse-7")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{site}/members/M1?month=2026-03")


def test_logging_out_is_on_every_page_and_ends_the_session(site, page):
    log_in(page, site, "liming")
    for path in ("/stars?month=2026-03", "/branches/B1?month=2026-03", "/members/M1?month=2026-03", "/history/M1"):
        page.goto(f"{site}{path}")
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{site}/login")
    page.goto(f"{site}/stars")
    expect(page).to_have_url(f"{site}/login?next=%2Fstars")


def test_logging_in_and_recording_work_from_the_keyboard_alone(site, page):
    page.goto(f"{site}/login")
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    page.keyboard.type("wangfang")
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-7")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/branches/B1?month=2026-11")
    page.goto(f"{site}/meetings/new?branch=B1")
    page.get_by_label("日期").focus()
    page.keyboard.type("11032026")  # a date field types month, day, year in this locale
    expect(page.get_by_label("日期")).to_have_value("2026-11-03")
    page.get_by_role("button", name="保存").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/branches/B1\?month=2026-11&saved=e-"))


def test_the_demo_users_log_in_to_their_start_pages(site_db):
    from commands.demo.users import add_demo_users
    from commands.service.ledger import open_ledger
    from commands.web.render import start_page
    from tests.awaiting import awaited

    with open_ledger(site_db) as ledger:
        users = add_demo_users(ledger, "B1", "M1")
        landed = {u["role"]: start_page(awaited(ledger.log_in(u["name"], u["password"], "127.0.0.1"))["user"],
                                        "2026-11") for u in users}
    assert [(u["name"], u["scope"]) for u in users] == [
        ("demo-admin", "C1"), ("demo-secretary", "B1"), ("demo-reviewer", "C1"), ("demo-inspector", "C1"),
        ("demo-auditor", "C1"), ("demo-member", "M1")]
    assert landed == {"admin": "/admin/users", "secretary": "/branches/B1?month=2026-11",
                      "reviewer": "/review?month=2026-11", "inspector": "/appeals",
                      "auditor": "/stars?month=2026-11", "member": "/members/M1?month=2026-11"}


def test_an_expired_session_returns_to_login_and_then_back_to_the_page(site, site_db, page):
    from datetime import timedelta

    from sqlalchemy import create_engine, update

    from commands.service.accounts.credentials import now, sessions

    log_in(page, site, "liming", "/members/M1?month=2026-03")
    engine = create_engine(site_db)
    with engine.begin() as conn:  # the session's lifetime ends, as it would after hours away
        conn.execute(update(sessions).values(expires_at=now() - timedelta(hours=1)))
    engine.dispose()
    page.goto(f"{site}/branches/B1?month=2026-03")
    expect(page).to_have_url(f"{site}/login?next=%2Fbranches%2FB1%3Fmonth%3D2026-03")
    page.get_by_label("用户名").fill("liming")
    page.get_by_label("密码").fill("correct-horse-7")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{site}/branches/B1?month=2026-03")
