"""Branch-month scores through the application and the projection, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from projections import branch_queries
from projections.branch_explain import explain_branch_month
from tests.builders import small_org

NOW = "2026-11"
D = Decimal


@pytest.fixture
def org(ledger):
    small_org(ledger)
    return ledger


def score(ledger, branch_id, month):
    with ledger.reading() as conn:
        return branch_queries.branch_month_score(conn, branch_id, month, NOW)


def explain(ledger, branch_id, month):
    with ledger.reading() as conn:
        return explain_branch_month(conn, branch_id, month, NOW)


def assess(ledger, step, organisation="10", leadership="20", support="15", bonus="0", branch="B1",
           month="2026-03", actor="committee"):
    return ledger.assess(branch, month, step, D(organisation), D(leadership), D(support), actor, D(bonus))


def test_auto_dimensions_are_computed_from_member_and_meeting_entries(org):
    org.record_meeting("B1", "committee", date(2026, 3, 2), ["M1", "M2"], [], [], "sec", "K1")
    org.record_meeting("B1", "assembly", date(2026, 3, 9), ["M1", "M2", "M3"], ["M4"], ["M5"], "sec", "A1")
    org.record_meeting("B1", "lecture", date(2026, 3, 20), ["M1"], [], ["M2"], "sec", "L1")
    org.reverse("L1", "recorded in error", "sec")  # a reversed meeting counts for nothing
    org.reverse("A1/M5", "was excused after all", "sec")  # nor does a reversed attendance line
    for member_id, paid_on in (("M1", date(2026, 3, 10)), ("M2", date(2026, 3, 31)), ("M3", date(2026, 4, 2))):
        org.record_dues(member_id, "2026-03", D("10"), paid_on, "sec")
    org.record_violation("M4", date(2026, 3, 15), "misconduct", "ref 1", "inspector office", "insp")
    got = score(org, "B1", "2026-03")
    # member totals: M1 1+2+2=5, M2 1+2+2=5, M3 2+0=2, M4 0-20=-20, M5 0 -> mean -1.6 -> membership 0
    # institutions: committee 5; attendance 5 of 6 -> 5 x min(1, 0.8333/0.9); dues on time 2 of 5 -> 2
    # discipline 20 - 10
    assert got["dimensions"] == {"organisation": 0.0, "leadership": 0.0, "membership": 0.0,
                                 "institutions": 11.63, "support": 0.0, "discipline": 10.0}
    assert (got["total"], got["stars"], got["provisional"]) == (21.63, 1, True)
    inst = explain(org, "B1", "2026-03")["dimensions"]["institutions"]
    assert inst["committee_meeting"] == {"points": 5.0, "held": True, "meetings": ["K1"]}
    assert (inst["attendance"]["attended"], inst["attendance"]["listed"], inst["attendance"]["text"]) == (
        5, 6, "5 of 6 = 83.33%")
    assert inst["dues"]["text"] == "dues on time 2 of 5"


def test_three_steps_provisional_until_final_and_explanation_shows_who(org):
    assess(org, "self", organisation="10", actor="secretary")
    assert score(org, "B1", "2026-03")["provisional"] is True
    assess(org, "preliminary", organisation="8", actor="general-branch")
    assert score(org, "B1", "2026-03")["dimensions"]["organisation"] == 8.0
    assess(org, "final", organisation="7", leadership="18", bonus="2.5", actor="committee")
    got = score(org, "B1", "2026-03")
    assert (got["provisional"], got["dimensions"]["organisation"], got["bonus"]) == (False, 7.0, 2.5)
    steps = explain(org, "B1", "2026-03")["assessment"]["steps"]
    assert [(s["step"], s["actor"], s["changed"]) for s in steps] == [
        ("self", "secretary", {}),
        ("preliminary", "general-branch", {"organisation": {"from": 10.0, "to": 8.0}}),
        ("final", "committee", {"organisation": {"from": 8.0, "to": 7.0}, "leadership": {"from": 20.0, "to": 18.0},
                                "bonus": {"from": 0.0, "to": 2.5}})]


def test_deduction_and_veto_are_entries_that_reverse_like_any_other(org):
    assess(org, "final")
    base = score(org, "B1", "2026-03")["total"]  # 10 + 20 + 15 + 0 + 0 + 20 = 65
    deduction = org.record_branch_deduction("B1", "2026-03", D("3.5"), "§4 deduction 2", "late report", "insp")
    assert (score(org, "B1", "2026-03")["deductions"], score(org, "B1", "2026-03")["total"]) == (3.5, base - 3.5)
    veto = org.record_veto("B1", "2026-03", "§4 veto 1", "safety accident", "insp")
    assert score(org, "B1", "2026-03")["stars"] == 1
    org.reverse(deduction["entry_id"], "wrong branch", "insp")
    org.reverse(veto["entry_id"], "overturned", "committee")
    assert score(org, "B1", "2026-03")["total"] == base
    shown = explain(org, "B1", "2026-03")
    assert [(e["entry_id"], e["reversed"]) for e in shown["deductions"]["entries"]] == [(deduction["entry_id"], True)]
    assert [(e["entry_id"], e["reversed"]) for e in shown["vetoes"]] == [(veto["entry_id"], True)]


def test_member_violation_downgrades_the_month_by_one_star(org):
    org.add_branch("B3", "Workshop Three", "production", "G1", date(2024, 1, 1), "sec")
    org.add_member("M7", "Member 7", "B3", date(2025, 1, 1), "full", "sec")
    assess(org, "final", branch="B3")
    org.record_meeting("B3", "committee", date(2026, 3, 2), ["M7"], [], [], "sec")
    org.record_dues("M7", "2026-03", D("10"), date(2026, 3, 3), "sec")
    for day in range(4, 8):
        org.record_study("M7", date(2026, 3, day), "topic", "sec")
    org.record_duty("M7", date(2026, 3, 8), "vanguard", "sec")
    org.record_award("M7", date(2026, 3, 9), "city", "model worker", "sec")
    before = score(org, "B3", "2026-03")
    assert (before["total"], before["stars"]) == (100.0, 5)
    org.record_violation("M7", date(2026, 3, 20), "misconduct", "ref", "office", "insp")
    after = explain(org, "B3", "2026-03")
    # M7: 1 + 2 + 4 + 2 + 10 - 20 = -1 -> membership 0; discipline 10 -> 70 -> 2 stars, 1 after downgrade
    assert (after["total"], after["stars"]["from_score"], after["stars"]["after"]) == (70.0, 2, 1)
    assert after["stars"]["downgraded"] is True


def test_secretary_pay_factor_full_time_and_part_time(org):
    org.appoint_secretary("B1", "M1", date(2026, 1, 1), True, "committee")
    org.appoint_secretary("B2", "M6", date(2026, 1, 1), False, "committee")
    assess(org, "final", organisation="10", leadership="20", support="6")  # B1: 56 + membership 0 + inst 0
    assess(org, "final", branch="B2", organisation="0", leadership="0", support="0")  # B2: 20
    with org.reading() as conn:
        pay = branch_queries.secretary_pay(conn, "2026-03", NOW)
    assert pay == [{"branch_id": "B1", "secretary": "M1", "coefficient": 0.59, "pay_factor": 0.79},
                   {"branch_id": "B2", "secretary": "M6", "coefficient": 0.21, "pay_factor": 0.84}]
    # exact: B1 56/95 -> 1 - 0.5 x 39/95 = 151/190; B2 20/95 -> 1 - 0.2 x 75/95 = 16/19
    assert explain(org, "B1", "2026-03")["secretary"]["kind"] == "full_time"


def test_member_who_transfers_mid_year_counts_in_each_branch_for_its_months(org):
    org.record_study("M1", date(2026, 5, 3), "topic", "sec")
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    org.record_study("M1", date(2026, 6, 3), "topic", "sec")  # before the transfer date, counts for June
    assert explain(org, "B1", "2026-05")["members"] == ["M1", "M2", "M3", "M4", "M5"]
    assert explain(org, "B1", "2026-06")["members"] == ["M2", "M3", "M4", "M5"]
    june = explain(org, "B2", "2026-06")
    assert june["members"] == ["M1", "M6"]
    assert june["dimensions"]["membership"]["member_totals"] == {"M1": 1.0, "M6": 0.0}
    assert june["dimensions"]["membership"]["points"] == 1.0  # 20 x mean 0.5 / 10
    assert score(org, "B1", "2026-05")["dimensions"]["membership"] == 0.4  # 20 x 1/5 / 10


def test_annual_star_is_the_stars_of_the_mean_and_one_after_a_veto(org):
    for month in ("2026-01", "2026-02", "2026-03"):
        assess(org, "final", month=month)  # 65 a month
    with org.reading() as conn:
        year = branch_queries.branch_year_score(conn, "B1", 2026, NOW)
    # January to October, the last complete month: three months of 65 and seven of 20
    assert len(year["months"]) == 10 and year["months"]["2026-01"] == 65.0
    assert (year["mean"], year["stars"]) == (33.5, 1)
    with org.reading() as conn:
        assert branch_queries.branch_year_score(conn, "B1", 2025, NOW)["mean"] == 20.0


def test_explanation_adds_up_to_the_total_exactly(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 9), ["M1", "M2"], ["M3"], [], "sec")
    org.record_dues("M1", "2026-03", D("10"), date(2026, 3, 10), "sec")
    assess(org, "final", organisation="9.5", leadership="17", support="12.25", bonus="3")
    org.record_branch_deduction("B1", "2026-03", D("1.75"), "§4", "late", "insp")
    shown = explain(org, "B1", "2026-03")
    exact = sum(Fraction(d["exact"]) for d in shown["dimensions"].values())
    exact += Fraction(shown["exact"]["bonus"]) - Fraction(shown["exact"]["deductions"])
    assert exact == Fraction(shown["exact"]["total"])
    assert shown["total"] == score(org, "B1", "2026-03")["total"]
    assert shown["rule_book"] == "default-2026"


def test_each_star_threshold_edge_through_the_ledger(org):
    """B2's lone member M6 makes every auto dimension full; a deduction then sets the exact total."""
    org.record_rating("M6", "2026-03", D(8), "sec")
    org.record_meeting("B2", "committee", date(2026, 3, 3), ["M6"], [], [], "sec")
    org.record_dues("M6", "2026-03", D(5), date(2026, 3, 4), "sec")
    assess(org, "final", branch="B2")
    assert score(org, "B2", "2026-03")["total"] == 100.0
    edges = [("69.99", 1, 3, "fail"), ("70", 2, 3, "pass"), ("79.99", 2, 3, "pass"), ("80", 3, 2, "good"),
             ("89.99", 3, 2, "good"), ("90", 4, 2, "excellent"), ("94.99", 4, 2, "excellent"),
             ("95", 5, 1, "excellent")]
    for total, stars, tier, grade in edges:
        cut = org.record_branch_deduction("B2", "2026-03", D(100) - D(total), "§4", "edge", "insp")
        got = score(org, "B2", "2026-03")
        assert (got["total"], got["stars"], got["tier"], got["grade"]) == (float(total), stars, tier, grade), total
        org.reverse(cut["entry_id"], "next edge", "insp")
