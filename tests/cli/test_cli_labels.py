"""What tables print: figures to two decimals, Chinese labels beside the English ids, names
beside ids, a veto's 1★ named. SQLite only: this is printing, not database behaviour."""

from __future__ import annotations

import re

import pytest

from commands.service.vocabulary.catalogue import FAMILIES, id_and_label, label


def cells(output: str) -> list[list[str]]:
    """The body rows of a rich table, cell by cell."""
    return [[cell.strip() for cell in line.strip("│").split("│")]
            for line in output.splitlines() if line.startswith("│")]


@pytest.fixture
def march(sqlite_org_cli):
    run = sqlite_org_cli
    run.ok("record", "meeting", "B1", "--kind", "assembly", "--on", "2026-03-05", "--attended", "M1,M2",
           "--absent", "M3", "--entry-id", "A-1", "--by", "sec")
    run.ok("record", "rating", "M1", "--month", "2026-03", "--score", "7.5", "--entry-id", "R-1", "--by", "sec")
    run.ok("record", "veto", "B2", "--month", "2026-03", "--clause", "否决专项 1", "--reason", "accident",
           "--entry-id", "V-1", "--by", "insp")
    return run


def test_the_catalogue_labels_every_id_the_tables_show():
    assert id_and_label("meeting_kind", "assembly") == "assembly 党员大会"
    assert id_and_label("category", "farming") == "farming"  # a rule book's own category shows as itself
    assert label("part", "obligations") == "履行义务" and set(FAMILIES["alert_kind"]) == {
        "criticism_notice", "admonishment_talk", "dues_warning", "deemed_left_review"}


def test_member_tables_print_two_decimals_and_chinese_labels(march):
    score = cells(march.ok("score", "member", "M1", "--month", "2026-03").stdout)
    assert score == [["obligations 履行义务", "2.00"], ["role 发挥作用", "7.50"], ["excellence 体现先进", "0.00"],
                     ["deductions 扣分", "0.00"], ["total", "9.50"]]
    explain = cells(march.ok("explain", "member", "M3", "--month", "2026-03").stdout)
    assert [(row[1], row[6]) for row in explain] == [("absent 缺席", "-2.00")]
    lines = cells(march.ok("explain", "member", "M1", "--month", "2026-03").stdout)
    assert [(row[1], row[6]) for row in lines] == [("assembly 党员大会", "2.00"), ("rating 月度评议", "7.50")]
    ledger = march.ok("ledger", "member", "M1").stdout
    assert ledger.startswith("M1 Member 1 (full 正式党员), joined 2025-01-01\n")
    assert march.json("score", "member", "M1", "--month", "2026-03")["parts"]["role"] == 7.5  # JSON keeps numbers


def test_ranking_and_stars_show_names_and_labels_and_the_json_keeps_ids(march):
    ranking = cells(march.ok("ranking", "--branch", "B1", "--month", "2026-03").stdout)
    assert ranking[:2] == [["1", "M1", "Member 1", "9.50"], ["2", "M2", "Member 2", "2.00"]]
    stars = cells(march.ok("stars", "--month", "2026-03").stdout)
    assert [(row[0], row[2], row[3], row[6]) for row in stars] == [
        ("management 综合管理类", "B2", "Office", "1★ by veto"), ("production 生产类", "B1", "Workshop One", "")]
    assert re.match(r"\d+\.\d\d$", stars[0][4])
    assert [(r["branch_id"], r["category"]) for r in march.json("stars", "--month", "2026-03")] == [
        ("B2", "management"), ("B1", "production")]


def test_a_years_one_star_from_a_veto_says_so(march):
    year = march.ok("score", "branch", "B2", "--year", "2026").stdout
    assert "B2 2026: 1★ by veto (2026-03)" in " ".join(year.split())
    assert [(row[0], row[2]) for row in cells(year)[1:4]] == [("2026-02", ""), ("2026-03", "veto"), ("2026-04", "")]
    plain = march.ok("score", "branch", "B1", "--year", "2026").stdout
    assert "veto" not in plain


def test_the_deduction_register_prints_its_status_labels(march):
    march.ok("record", "violation", "M2", "--on", "2026-03-09", "--reason", "r", "--decision", "D-1",
             "--issued-by", "DC", "--entry-id", "X-1", "--by", "insp")
    rows = cells(march.ok("deductions", "--by", "insp").stdout)
    assert {row[6] for row in rows} == {"active 有效"}
