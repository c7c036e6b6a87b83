"""The admin's organisation page: a unit, a branch with its category, a member, a status change
and a secretary, each previewed and saved, and the tree and the branch's pages show them; a
refusal is shown beside its field with what was typed kept, and nothing is written."""

from __future__ import annotations

from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.web.conftest import log_in, org_form, shoot

PREVIEW = "预览：检查通过，可以保存（尚未保存）。"


def test_the_admin_builds_a_branch_with_a_member_and_its_secretary(site, page):
    log_in(page, site, "admin1", "/admin/org")
    unit = org_form(page, "unit")
    unit.get_by_label("单位编号", exact=True).fill("G2")
    unit.get_by_label("名称").fill("第二党总支")
    unit.get_by_label("单位类型").select_option("general_branch")
    unit.get_by_label("上级单位编号").fill("C1")
    unit.get_by_role("button", name="预览").click()
    expect(org_form(page, "unit").get_by_role("status")).to_have_text(PREVIEW)
    expect(page.locator("ul.tree")).not_to_contain_text("第二党总支")
    org_form(page, "unit").get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已添加单位 G2")
    expect(page.locator("ul.tree")).to_contain_text("党总支 第二党总支 G2")

    branch = org_form(page, "branch")
    branch.get_by_label("党支部编号").fill("B3")
    branch.get_by_label("名称").fill("营销党支部")
    branch.get_by_label("支部类别").select_option("marketing")
    branch.get_by_label("上级单位编号").fill("G2")
    branch.get_by_label("成立日期").fill("2026-01-01")
    branch.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已添加党支部 B3")
    expect(page.locator("ul.tree li", has_text="营销党支部").last).to_contain_text("B3 · 市场经营类 · 成立 2026-01-01")

    add = org_form(page, "add")
    add.get_by_label("党员编号").fill("M7")
    add.get_by_label("姓名").fill("刘洋")
    add.get_by_label("党支部编号").fill("B3")
    add.get_by_label("加入日期").fill("2026-02-01")
    add.get_by_label("党员类别").select_option("probationary")
    add.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已添加党员 M7")

    status = org_form(page, "status")
    status.get_by_label("党员编号").fill("M7")
    status.get_by_label("党员类别").select_option("full")
    status.get_by_label("日期").fill("2026-10-01")
    status.get_by_role("button", name="预览").click()
    status = org_form(page, "status")
    expect(status.get_by_role("status")).to_have_text(PREVIEW)
    expect(status.get_by_label("党员类别")).to_have_value("full")
    status.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已变更 M7 的党员类别")

    secretary = org_form(page, "secretary")
    secretary.get_by_label("党支部编号").fill("B3")
    secretary.get_by_label("党员编号").fill("M7")
    secretary.get_by_label("任职日期").fill("2026-10-01")
    secretary.get_by_label("专职或兼职").select_option("true")
    secretary.get_by_role("button", name="预览").click()
    expect(org_form(page, "secretary").get_by_role("status")).to_have_text(PREVIEW)
    shoot(page, "admin-org-secretary-preview")
    org_form(page, "secretary").get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已任命 M7 为 B3 的支部书记")

    page.goto(f"{site}/branches/B3?month=2026-11")
    expect(page.get_by_role("row").filter(has_text="刘洋")).to_contain_text("正式党员")
    page.goto(f"{site}/history/B3")
    expect(page.get_by_role("row").filter(has_text="full_time")).to_contain_text("M7")


def test_a_unit_outside_the_tree_is_refused_beside_it_and_nothing_is_written(site, site_db, page):
    log_in(page, site, "admin1", "/admin/org")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    branch = org_form(page, "branch")
    branch.get_by_label("党支部编号").fill("B3")
    branch.get_by_label("名称").fill("营销党支部")
    branch.get_by_label("上级单位编号").fill("C9")
    branch.get_by_label("成立日期").fill("2026-01-01")
    branch.get_by_role("button", name="保存").click()
    branch = org_form(page, "branch")
    expect(branch.locator(".field", has=page.get_by_label("上级单位编号")).locator(".error")).to_have_text(
        "没有编号为 C9 的单位")
    expect(branch.get_by_label("名称")).to_have_value("营销党支部")
    expect(branch.get_by_label("成立日期")).to_have_value("2026-01-01")

    status = org_form(page, "status")
    status.get_by_label("党员编号").fill("M1")
    status.get_by_label("党员类别").select_option("full")
    status.get_by_label("日期").fill("2026-10-01")
    status.get_by_role("button", name="保存").click()
    status = org_form(page, "status")
    expect(status.locator(".field", has=page.get_by_label("党员类别")).locator(".error")).to_have_text(
        "党员 M1 已是正式党员")
    shoot(page, "admin-org-refused")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_an_admin_of_a_general_branch_acts_only_under_it(site, site_db, page):
    from tests.web.conftest import PASSWORD

    with open_ledger(site_db) as ledger:
        ledger.add_user("admin-g1", "admin", "G1", "admin1 (admin)")
        ledger.set_password("admin-g1", PASSWORD, "admin1 (admin)")
        before = event_count(ledger)
    log_in(page, site, "admin-g1", "/admin/org")
    expect(page.locator("ul.tree")).not_to_contain_text("Company Party Committee")
    unit = org_form(page, "unit")
    unit.get_by_label("单位编号", exact=True).fill("G2")
    unit.get_by_label("名称").fill("第二党总支")
    unit.get_by_label("上级单位编号").fill("C1")
    unit.get_by_role("button", name="预览").click()
    unit = org_form(page, "unit")
    expect(unit.locator(".field", has=page.get_by_label("上级单位编号")).locator(".error")).to_have_text(
        "没有编号为 C1 的单位")
    expect(unit.get_by_label("名称")).to_have_value("第二党总支")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before
