"""Member monthly scores through the application and the projection, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import NotFound, Refused
from projections import queries
from tests.builders import event_count, ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    return ledger


def month_score(ledger, member_id, month):
    with ledger.reading() as conn:
        return queries.member_month_score(conn, member_id, month)


def explain(ledger, member_id, month):
    with ledger.reading() as conn:
        return queries.explain_member_month(conn, member_id, month)


def test_meeting_attendance_scores_each_listed_member(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], ["M3"], ["M4"], "sec")
    assert month_score(org, "M1", "2026-03")["total"] == 2.0
    assert month_score(org, "M3", "2026-03")["total"] == 0.0
    assert month_score(org, "M4", "2026-03")["total"] == -2.0
    assert month_score(org, "M5", "2026-03")["total"] == 0.0


def test_meeting_and_attendance_are_saved_in_one_atomic_save(org):
    before = event_count(org)
    result = org.record_meeting("B1", "lecture", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec")
    assert event_count(org) == before + 4
    assert [line["entry_id"] for line in result["attendance"]] == [
        f"{result['meeting_id']}/M1", f"{result['meeting_id']}/M2", f"{result['meeting_id']}/M3"]


def test_study_cap_and_reversal_inside_the_cap(org):
    ids = [org.record_study("M1", date(2026, 3, day), "topic", "sec")["entry_id"] for day in range(1, 6)]
    first = explain(org, "M1", "2026-03")
    assert first["total"] == 4.0
    assert [line["capped"] for line in first["lines"]] == [False, False, False, False, True]
    org.reverse(ids[0], "recorded twice", "sec")
    second = explain(org, "M1", "2026-03")
    assert second["total"] == 4.0
    assert [(line["reversed"], line["capped"], line["points"]) for line in second["lines"]] == [
        (True, False, 0.0), (False, False, 1.0), (False, False, 1.0), (False, False, 1.0), (False, False, 1.0)]


def test_refused_write_changes_nothing(org):
    org.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 10), "sec")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="already recorded"):
        org.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 11), "sec")
    with pytest.raises(NotFound, match="no member with id 'M99'"):
        org.record_study("M99", date(2026, 3, 1), "x", "sec")
    assert ledger_fingerprint(org) == before
