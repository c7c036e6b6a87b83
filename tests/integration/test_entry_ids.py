"""Entry ids: unique across the ledger; the same write repeated with its id changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.builders import ledger_fingerprint
from tests.reads import month_score

WRITES = {
    "study": lambda L, eid: L.record_study("M1", date(2026, 3, 1), "topic", "sec", entry_id=eid),
    "dues": lambda L, eid: L.record_dues("M1", "2026-03", Decimal("25.50"), date(2026, 3, 2), "sec", eid),
    "rating": lambda L, eid: L.record_rating("M1", "2026-03", Decimal(8), "sec", eid),
    "duty": lambda L, eid: L.record_duty("M1", date(2026, 3, 3), "vanguard", "sec", eid),
    "commendation": lambda L, eid: L.record_commendation("M1", date(2026, 3, 4), "t", "sec", eid),
    "award": lambda L, eid: L.record_award("M1", date(2026, 3, 5), "city", "t", "sec", eid),
    "violation": lambda L, eid: L.record_violation("M1", date(2026, 3, 6), "r", "D-1", "DC", "insp",
                                                   entry_id=eid),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_repeating_a_write_with_the_same_entry_id_returns_the_first_result_and_writes_nothing(org, kind):
    first = WRITES[kind](org, "E-1")
    assert first == {"entry_id": "E-1"}
    before = ledger_fingerprint(org)
    assert WRITES[kind](org, "E-1") == first
    assert ledger_fingerprint(org) == before


def test_repeating_a_meeting_with_its_id_returns_every_attendance_id_and_writes_nothing(org):
    first = org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1"], ["M2"], ["M3"], "sec", "MEET-1")
    assert first == {"entry_id": "MEET-1", "meeting_id": "MEET-1", "attendance": [
        {"member_id": "M1", "entry_id": "MEET-1/M1", "attendance": "attended"},
        {"member_id": "M2", "entry_id": "MEET-1/M2", "attendance": "excused"},
        {"member_id": "M3", "entry_id": "MEET-1/M3", "attendance": "absent"}]}
    before = ledger_fingerprint(org)
    assert org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1"], ["M2"], ["M3"], "other", "MEET-1") == first
    assert ledger_fingerprint(org) == before
    assert month_score(org, "M1", "2026-03")["total"] == 2.0


def test_repeating_a_reversal_with_its_id_returns_the_first_result_and_writes_nothing(org):
    org.record_study("M1", date(2026, 3, 1), "topic", "sec", entry_id="S-1")
    first = org.reverse("S-1", "mistake", "sec", entry_id="R-1")
    assert first == {"entry_id": "R-1", "reversed": "S-1"}
    before = ledger_fingerprint(org)
    assert org.reverse("S-1", "mistake", "sec", entry_id="R-1") == first
    assert ledger_fingerprint(org) == before


def test_a_repeat_after_the_entry_was_reversed_does_not_record_it_again(org):
    org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 2), "sec", "D-1")
    org.reverse("D-1", "wrong month", "sec")
    before = ledger_fingerprint(org)
    assert org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 2), "sec", "D-1") == {"entry_id": "D-1"}
    assert ledger_fingerprint(org) == before
    assert month_score(org, "M1", "2026-03")["total"] == 0.0


def test_entries_without_an_id_get_distinct_generated_ids(org):
    ids = {org.record_study("M1", date(2026, 3, 1), "topic", "sec")["entry_id"] for _ in range(3)}
    assert len(ids) == 3
    assert all(entry_id.startswith("e-") and len(entry_id) == 18 for entry_id in ids)
