"""The admin's walk: add a user with a first password, who then logs in to their start page;
a scope that does not exist is refused beside 范围 with what was typed kept; revoke."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import log_in, org_form, shoot


def form(page, action: str):
    return page.locator("form", has=page.locator(f"input[name=action][value={action}]"))


def test_the_admin_adds_a_secretary_who_then_logs_in(site, browser, page):
    log_in(page, site, "admin1")
    expect(page).to_have_url(f"{site}/admin/users")
    add = form(page, "add")
    add.get_by_label("用户名").fill("wuhan")
    add.get_by_label("角色").select_option("secretary")
    add.get_by_label("范围（单位、支部或党员编号）").fill("B2")
    add.get_by_label("初始密码").fill("first-password-9")
    add.get_by_role("button", name="保存").click()
    row = page.get_by_role("row").filter(has_text="wuhan")
    expect(row.locator("td")).to_have_text(["wuhan", "支部书记", "支部 B2", "已设置", "有效"])
    shoot(page, "admin-users")

    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.goto(f"{site}/login")
    other.get_by_label("用户名").fill("wuhan")
    other.get_by_label("密码").fill("first-password-9")
    other.get_by_role("button", name="登录").click()
    expect(other).to_have_url(f"{site}/branches/B2?month=2026-11")

    revoke = form(page, "revoke")
    revoke.get_by_label("用户名").fill("wuhan")
    revoke.get_by_label("原因").fill("调离")
    revoke.get_by_role("button", name="保存").click()
    expect(page.get_by_role("row").filter(has_text="wuhan")).to_contain_text("已停用")
    other.reload()
    expect(other).to_have_url(f"{site}/login?next=%2Fbranches%2FB2%3Fmonth%3D2026-11")
    other.context.close()


def test_a_scope_that_does_not_exist_is_refused_beside_it(site, page):
    log_in(page, site, "admin1")
    add = form(page, "add")
    add.get_by_label("用户名").fill("zhangsan")
    add.get_by_label("范围（单位、支部或党员编号）").fill("X9")
    add.get_by_label("初始密码").fill("first-password-9")
    add.get_by_role("button", name="保存").click()
    add = form(page, "add")
    expect(add.locator(".field", has=page.get_by_label("范围（单位、支部或党员编号）")).locator(".error")).to_have_text(
        "没有编号为 X9 的单位、支部或党员")
    expect(add.get_by_label("用户名")).to_have_value("zhangsan")
    expect(page.get_by_role("row").filter(has_text="zhangsan")).to_have_count(0)


def test_a_secretary_cannot_manage_users(site, page):
    log_in(page, site, "wangfang")
    response = page.goto(f"{site}/admin/users")
    assert response.status == 403


def test_the_admin_adds_a_member_and_transfers_them(site, page):
    log_in(page, site, "admin1", "/admin/org")
    expect(page.locator("ul.tree")).to_contain_text("Workshop One")
    add = org_form(page, "add")
    add.get_by_label("党员编号").fill("M7")
    add.get_by_label("姓名").fill("刘洋")
    add.get_by_label("党支部编号").fill("B2")
    add.get_by_label("加入日期").fill("2026-02-01")
    add.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已添加党员 M7")
    move = org_form(page, "move")
    move.get_by_label("党员编号").fill("M7")
    move.get_by_label("转入党支部编号").fill("B9")
    move.get_by_label("日期").fill("2026-06-01")
    move.get_by_role("button", name="保存").click()
    move = org_form(page, "move")
    expect(move.locator(".field", has=page.get_by_label("转入党支部编号")).locator(".error")).to_have_text(
        "没有编号为 B9 的党支部")
    expect(move.get_by_label("日期")).to_have_value("2026-06-01")
    move.get_by_label("转入党支部编号").fill("B1")
    move.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已转接 M7 到 B1")
    shoot(page, "admin-org")
    page.goto(f"{site}/branches/B1?month=2026-06")
    expect(page.get_by_role("row").filter(has_text="刘洋")).to_contain_text("M7")
