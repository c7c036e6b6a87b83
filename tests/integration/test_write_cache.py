"""Aggregates kept in memory between writes: a refused or previewed write leaves nothing behind,
and a write made by another process is seen before the next one is checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from commands.service.ledger import open_ledger
from ledger.errors import NotFound, Refused
from ledger.organisation import Branch
from projections import queries
from tests.conftest import TODAY

MARCH = date(2026, 3, 5)


def events_named(ledger, suffix: str) -> int:
    table = ledger.events_table
    with ledger.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)
                            .where(table.c.topic.endswith(suffix))).scalar_one()


def stream_versions(ledger, stream) -> list[int]:
    table = ledger.events_table
    with ledger.engine.connect() as conn:
        return list(conn.execute(select(table.c.originator_version).where(table.c.originator_id == stream)
                                 .order_by(table.c.originator_version)).scalars())


def entry_ids(ledger, member_id: str, month: str) -> list[str]:
    with ledger.reading() as conn:
        return sorted(line["entry_id"] for line in queries.explain_member_month(conn, member_id, month)["lines"])


def test_a_refused_meeting_leaves_no_meeting_behind_in_the_cached_branch(org):
    # The branch takes the meeting before the unknown member is found: its cached object
    # must not keep that unsaved meeting for the next write to save.
    with pytest.raises(NotFound, match="no member with id 'M99'"):
        org.record_meeting("B1", "group", MARCH, ["M1", "M99"], [], [], "sec", meeting_id="BAD")
    org.record_meeting("B1", "group", MARCH, ["M1", "M2"], [], [], "sec", meeting_id="GOOD")

    assert events_named(org, ".MeetingHeld") == 1
    assert entry_ids(org, "M1", "2026-03") == ["GOOD/M1"]


def test_a_refused_entry_in_a_batch_forgets_every_change_of_the_batch(org):
    with pytest.raises(Refused):
        with org.batch():
            org.record_study("M1", MARCH, "rules", "sec", entry_id="S1")
            org.record_dues("M1", "2026-03", Decimal("NaN"), MARCH, "sec")  # not an amount: refused
    org.record_study("M1", MARCH, "rules", "sec", entry_id="S2")

    assert events_named(org, ".StudyRecorded") == 1
    assert entry_ids(org, "M1", "2026-03") == ["S2"]


def test_a_preview_leaves_the_cached_aggregates_as_they_were(org):
    preview = org.preview(lambda: org.record_meeting("B1", "group", MARCH, ["M1"], [], [], "sec",
                                                     meeting_id="TRY"))
    assert preview["dry_run"] is True
    org.record_meeting("B1", "group", MARCH, ["M1"], [], [], "sec", meeting_id="REAL")

    assert events_named(org, ".MeetingHeld") == 1
    assert events_named(org, ".AttendanceRecorded") == 1
    versions = stream_versions(org, Branch.create_id("B1"))
    assert versions == list(range(1, len(versions) + 1))  # no gap where the preview was
    assert org.verify()["ok"] is True


def test_a_write_by_another_process_is_seen_before_the_next_meeting(org, org_url):
    org.record_meeting("B1", "group", MARCH, ["M1", "M2"], [], [], "sec", meeting_id="FIRST")
    other = open_ledger(org_url, today=lambda: TODAY)
    try:
        other.record_study("M1", MARCH, "rules", "sec", entry_id="ELSEWHERE")
    finally:
        other.close()
    # This process still holds M1 as it was before the other write; the meeting must not be
    # refused as a clash, and must land after the other process's entry.
    org.record_meeting("B1", "committee", MARCH, ["M1", "M2"], [], [], "sec", meeting_id="SECOND")

    assert entry_ids(org, "M1", "2026-03") == ["ELSEWHERE", "FIRST/M1", "SECOND/M1"]
    assert org.verify()["ok"] is True
