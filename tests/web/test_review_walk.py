"""The review: the committee's reviewer gives the final step from /review and the branch's
score becomes final; the secretary gives the self step; a member cannot reach /review."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import log_in, shoot


def test_the_committee_reviewer_gives_the_final_step_and_the_month_becomes_final(site, page):
    log_in(page, site, "chenjing")
    expect(page).to_have_url(f"{site}/review?month=2026-11")
    page.goto(f"{site}/review?month=2026-03")
    b1 = page.get_by_role("row").filter(has_text="Workshop One")
    expect(b1).to_contain_text("25.33")
    expect(b1).to_contain_text("暂定")
    expect(page.locator("main")).to_contain_text("您可以给出的步骤：终评")
    shoot(page, "reviewer-review")
    b1.get_by_role("link", name="终评").click()
    page.get_by_label("组织建设").fill("9")
    page.get_by_label("班子建设").fill("18")
    page.get_by_label("工作保障").fill("14")
    page.get_by_label("加分项目").fill("2")
    page.get_by_role("button", name="预览").click()
    expect(page.locator("section[aria-labelledby='preview-title']").get_by_role("row").filter(
        has_text="B1")).to_contain_text("+43.00")
    shoot(page, "reviewer-assess-preview")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(f"{site}/branches/B1?month=2026-03")
    expect(page.locator(".figures")).to_contain_text("68.33")
    expect(page.locator(".figures")).to_contain_text("终评")
    page.goto(f"{site}/review?month=2026-03")
    expect(page.get_by_role("row").filter(has_text="Workshop One")).to_contain_text("终评")


def test_a_refused_step_keeps_what_was_typed(site, page):
    log_in(page, site, "chenjing", "/review/assess?branch=B1&month=2026-03")
    page.get_by_label("组织建设").fill("12")  # more than its maximum of 10
    page.get_by_label("班子建设").fill("18")
    page.get_by_label("工作保障").fill("14")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field", has=page.get_by_label("组织建设")).locator(".error")).to_have_text(
        "组织建设 12 超出 0–10（该项满分）")
    expect(page.get_by_label("组织建设")).to_have_value("12")
    expect(page.get_by_label("班子建设")).to_have_value("18")


def test_the_secretary_gives_the_self_step_from_the_branch_page(site, page):
    log_in(page, site, "wangfang", "/branches/B1?month=2026-03")
    page.get_by_role("link", name="自评").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026-03 自评")
    page.get_by_label("组织建设").fill("8")
    page.get_by_label("班子建设").fill("16")
    page.get_by_label("工作保障").fill("12")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("row", name="组织建设")).to_contain_text("自评，wangfang (secretary)")


def test_a_member_cannot_reach_review(site, page):
    log_in(page, site, "zhouyu")
    expect(page).to_have_url(f"{site}/members/M1?month=2026-11")
    response = page.goto(f"{site}/review?month=2026-03")
    assert response.status == 403
    expect(page.locator(".notice")).to_have_text("您的角色不能使用这个页面。")
