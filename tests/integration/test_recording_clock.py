"""Entries recorded under a set clock, on both databases: the stored `recorded_at` is the clock's
moment, and as-of queries see the entry from that moment on, not a second before."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from commands.service.models.entry_commands import RecordStudy
from ledger.clock import recording_at
from ledger.member import Member
from projections import queries
from tests.reads import explain

STAMPED = datetime(2099, 12, 31, 12, 0, tzinfo=timezone.utc)  # after anything the builders wrote


def score_as_of(ledger, moment: datetime) -> float:
    with ledger.reading() as conn:
        return queries.member_month_score(conn, "M1", "2026-03", as_of=moment)["total"]


def test_an_entry_recorded_under_a_set_clock_is_stored_with_its_moment(org):
    with recording_at(STAMPED):
        org.execute(RecordStudy(member="M1", on=date(2026, 3, 2), topic="t", entry_id="S-1"), "sec")
    stored = list(org.events.get(Member.create_id("M1")))[-1]
    assert (type(stored).__qualname__, stored.timestamp) == ("Member.StudyRecorded", STAMPED)
    (line,) = explain(org, "M1", "2026-03")["lines"]
    assert (line["entry_id"], datetime.fromisoformat(line["recorded_at"])) == ("S-1", STAMPED)


def test_as_of_a_moment_before_the_set_clock_the_entry_is_not_yet_seen(org):
    org.execute(RecordStudy(member="M1", on=date(2026, 3, 1), topic="t", entry_id="S-now"), "sec")
    with recording_at(STAMPED):
        org.execute(RecordStudy(member="M1", on=date(2026, 3, 2), topic="t", entry_id="S-later"), "sec")
    assert score_as_of(org, STAMPED - timedelta(seconds=1)) == 1.0  # S-now only
    assert score_as_of(org, STAMPED) == 2.0
    with org.reading() as conn:
        assert queries.member_month_score(conn, "M1", "2026-03")["total"] == 2.0
