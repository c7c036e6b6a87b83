"""Dry runs and what-if: the impact of a write or a rule book, shown and never kept."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.errors import NotFound
from ledger.rule_book_content import default_rule_book, parse_rule_book, rule_book_json
from projections import queries
from tests.builders import ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_study("M1", date(2026, 3, 2), "x", "sec")
    for day in (3, 4, 5):
        ledger.record_duty("M2", date(2026, 3, day), "volunteer", "sec")
    return ledger


def total(ledger, member_id, month):
    with ledger.reading() as conn:
        return queries.member_month_score(conn, member_id, month)["total"]


def test_dry_run_of_a_meeting_lists_each_changed_member_month_and_writes_nothing(org):
    before = ledger_fingerprint(org)
    impact = org.preview(lambda: org.record_meeting("B1", "assembly", date(2026, 3, 9), ["M1"], ["M3"], ["M2"], "sec"))
    assert impact["dry_run"] is True
    # the branch-month moves too: attendance 1 of 3 adds 5 x (1/3 / 0.9) to institutions
    assert [(c["figure"], c["subject_id"], c["month"], c["old"], c["new"], c["delta"]) for c in impact["changes"]] == [
        ("branch_month", "B1", "2026-03", 22.8, 24.65, 1.85),
        ("member_month", "M1", "2026-03", 1.0, 3.0, 2.0), ("member_month", "M2", "2026-03", 6.0, 4.0, -2.0)]
    assert ledger_fingerprint(org) == before


def test_dry_run_of_a_reversal_shows_the_correction_before_it_is_committed(org):
    entry = org.record_study("M1", date(2026, 3, 6), "y", "sec")["entry_id"]
    before = ledger_fingerprint(org)
    impact = org.preview(lambda: org.reverse(entry, "wrong member", "sec"))
    assert [(c["subject_id"], c["old"], c["new"]) for c in impact["changes"]] == [("B1", 23.2, 22.8), ("M1", 2.0, 1.0)]
    assert ledger_fingerprint(org) == before
    org.reverse(entry, "wrong member", "sec")  # and the real write afterwards still works
    assert total(org, "M1", "2026-03") == 1.0


def test_a_refused_dry_run_is_refused_like_the_write(org):
    before = ledger_fingerprint(org)
    with pytest.raises(NotFound, match="no member with id 'M404'"):
        org.preview(lambda: org.record_study("M404", date(2026, 3, 1), "x", "sec"))
    assert ledger_fingerprint(org) == before


def test_what_if_rescores_the_month_under_another_rule_book_without_writing(org):
    data = rule_book_json(default_rule_book())
    data["version"] = "stricter"
    data["member"]["caps"]["duty"]["monthly"] = 2
    data["member"]["rules"]["study"]["points"] = 3
    before = ledger_fingerprint(org)
    result = org.what_if(parse_rule_book(data), "2026-03")
    assert result["rule_book"] == "stricter"
    assert [(c["subject_id"], c["old"], c["new"], c["delta"]) for c in result["changes"]] == [
        ("B1", 22.8, 22.0, -0.8), ("M1", 1.0, 3.0, 2.0), ("M2", 6.0, 2.0, -4.0)]
    assert ledger_fingerprint(org) == before
    assert total(org, "M2", "2026-03") == 6.0
