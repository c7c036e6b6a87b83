"""Read queries on both databases: explanations, rankings, ledgers, as-of, and rebuild."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from ledger.errors import NotFound
from projections import queries
from tests.builders import event_count
from tests.reads import explain, member_ledger, month_score, projected_rows, ranking


def test_explanation_lines_carry_who_when_which_rule_and_what_happened(org):
    org.record_study("M1", date(2026, 3, 2), "Party Constitution", "alice", entry_id="S-1")
    org.record_dues("M1", "2026-03", Decimal("25.50"), date(2026, 4, 3), "bob", "D-1")
    data = explain(org, "M1", "2026-03")
    assert set(data) >= {"member_id", "month", "total", "lines"}
    assert (data["member_id"], data["month"], data["total"]) == ("M1", "2026-03", 1.0)
    study, dues = data["lines"]
    assert {k: study[k] for k in ("entry_id", "kind", "occurred_on", "actor", "rule", "points", "capped",
                                   "reversed")} == {
        "entry_id": "S-1", "kind": "study", "occurred_on": "2026-03-02", "actor": "alice",
        "rule": "default-2026/study", "points": 1.0, "capped": False, "reversed": False}
    assert (dues["entry_id"], dues["actor"], dues["rule"], dues["points"]) == (
        "D-1", "bob", "default-2026/dues.late", 0.0)
    assert dues["detail"] == {"amount": "25.50"}
    assert datetime.fromisoformat(study["recorded_at"]).tzinfo is not None


def test_members_are_ranked_by_monthly_score_with_ties_sharing_a_rank(org):
    org.record_study("M1", date(2026, 3, 1), "t", "sec")
    org.record_study("M1", date(2026, 3, 2), "t", "sec")
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M2"], [], ["M4"], "sec")
    org.record_study("M3", date(2026, 3, 1), "t", "sec")
    assert ranking(org, "B1", "2026-03") == [
        {"member_id": "M1", "total": 2.0, "rank": 1}, {"member_id": "M2", "total": 2.0, "rank": 1},
        {"member_id": "M3", "total": 1.0, "rank": 3}, {"member_id": "M5", "total": 0.0, "rank": 4},
        {"member_id": "M4", "total": -2.0, "rank": 5}]


def test_a_ranking_lists_the_members_of_the_branch_on_the_months_last_day(org):
    org.record_commendation("M1", date(2026, 6, 2), "t", "sec")
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    assert [r["member_id"] for r in ranking(org, "B1", "2026-05")] == ["M1", "M2", "M3", "M4", "M5"]
    assert [r["member_id"] for r in ranking(org, "B1", "2026-06")] == ["M2", "M3", "M4", "M5"]
    assert ranking(org, "B2", "2026-06") == [{"member_id": "M1", "total": 3.0, "rank": 1},
                                             {"member_id": "M6", "total": 0.0, "rank": 2}]


def test_the_member_ledger_keeps_the_whole_history_across_branches(org):
    org.record_study("M1", date(2026, 3, 2), "t", "sec", entry_id="S-1")
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    org.record_commendation("M1", date(2026, 7, 1), "t", "sec", entry_id="C-1")
    org.reverse("S-1", "mistake", "rev", entry_id="R-1")
    data = member_ledger(org, "M1")
    assert (data["member_id"], data["name"], data["status"], data["joined_on"]) == (
        "M1", "Member 1", "full", "2025-01-01")
    assert data["branches"] == [{"branch_id": "B1", "from": "2025-01-01", "until": "2026-06-15"},
                                {"branch_id": "B2", "from": "2026-06-15", "until": None}]
    assert [(e["entry_id"], e["kind"], e["reversed_by"], e["reversal_reason"]) for e in data["entries"]] == [
        ("S-1", "study", "R-1", "mistake"), ("C-1", "commendation", None, None)]


def test_a_status_change_shows_in_the_member_ledger(org):
    org.add_member("M7", "New", "B1", date(2026, 1, 1), "probationary", "sec")
    org.change_status("M7", "full", date(2026, 7, 1), "sec")
    assert member_ledger(org, "M7")["status"] == "full"


@pytest.mark.parametrize("read", [
    lambda c: queries.member_month_score(c, "M99", "2026-03"),
    lambda c: queries.explain_member_month(c, "M99", "2026-03"),
    lambda c: queries.member_year_score(c, "M99", "2026", "2026-11"),
    lambda c: queries.member_ledger(c, "M99"),
], ids=["score", "explain", "year", "ledger"])
def test_reading_an_unknown_member_says_so(org, read):
    with org.reading() as conn, pytest.raises(NotFound, match=r"^no member with id 'M99'$"):
        read(conn)


def test_ranking_an_unknown_branch_says_so(org):
    with org.reading() as conn, pytest.raises(NotFound, match=r"^no branch with id 'BX'$"):
        queries.branch_member_ranking(conn, "BX", "2026-03")


def test_as_of_answers_from_only_what_was_recorded_by_then(org):
    org.record_study("M1", date(2026, 3, 2), "t", "sec", entry_id="S-1")
    first_recorded = datetime.fromisoformat(explain(org, "M1", "2026-03")["lines"][0]["recorded_at"])
    org.record_study("M1", date(2026, 3, 1), "t", "sec", entry_id="S-2")
    org.reverse("S-1", "mistake", "sec")
    with org.reading() as conn:
        then = queries.explain_member_month(conn, "M1", "2026-03", as_of=first_recorded)
        then_score = queries.member_month_score(conn, "M1", "2026-03", as_of=first_recorded)
        now = queries.explain_member_month(conn, "M1", "2026-03")
        ranked_then = queries.branch_member_ranking(conn, "B1", "2026-03", as_of=first_recorded)
    assert [(line["entry_id"], line["reversed"], line["points"]) for line in then["lines"]] == [("S-1", False, 1.0)]
    assert then_score["total"] == then["total"] == 1.0
    assert ranked_then[0] == {"member_id": "M1", "total": 1.0, "rank": 1}
    assert [(line["entry_id"], line["reversed"], line["points"]) for line in now["lines"]] == [
        ("S-2", False, 1.0), ("S-1", True, 0.0)]


def test_as_of_now_equals_the_current_figures(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec")
    org.record_study("M1", date(2026, 3, 6), "t", "sec")
    later = datetime(2100, 1, 1)
    with org.reading() as conn:
        for member_id in ("M1", "M2", "M3"):
            assert queries.explain_member_month(conn, member_id, "2026-03", as_of=later) == \
                queries.explain_member_month(conn, member_id, "2026-03")
            as_of = queries.member_month_score(conn, member_id, "2026-03", as_of=later)
            assert as_of == queries.member_month_score(conn, member_id, "2026-03")


def test_rebuild_from_zero_gives_the_same_rows_and_counts_every_event(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec")
    org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 6), "sec")
    org.transfer_member("M2", "B2", date(2026, 4, 1), "sec")
    org.reverse(org.record_study("M1", date(2026, 3, 7), "t", "sec")["entry_id"], "x", "sec")
    org.catch_up()
    before = projected_rows(org)
    assert org.projector.rebuild() == event_count(org)
    assert projected_rows(org) == before
    assert month_score(org, "M1", "2026-03")["total"] == 4.0
