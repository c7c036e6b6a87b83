"""History of an id from the raw log, and rebuild compared with the rows it replaces."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from commands.service.queries.history import history
from ledger.errors import NotFound, Refused
from projections import queries, tables as t
from projections.compare import canonical, rebuild_compared
from tests.builders import event_count, ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 10), "treasurer", entry_id="d1")
    ledger.record_study("M1", date(2026, 3, 12), "Constitution", "sec", entry_id="s1")
    ledger.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec", meeting_id="mt1")
    ledger.transfer_member("M1", "B2", date(2026, 4, 1), "org")
    ledger.reverse("s1", "wrong member", "inspector", entry_id="x1")
    ledger.reverse("mt1", "meeting never held", "inspector", entry_id="x2")
    return ledger


def of(ledger, key, kind=None):
    with ledger.engine.connect() as conn:
        return history(conn, ledger.events_table, ledger.mapper.transcoder, key, kind)


def test_member_history_lists_every_event_in_order(org):
    data = of(org, "M1")
    assert data["kind"] == "member"
    assert [(e["event"], e["actor"], e["occurred_on"]) for e in data["events"]] == [
        ("Member.Enrolled", "sec", "2025-01-01"),
        ("Member.DuesPaid", "treasurer", "2026-03-10"),
        ("Member.StudyRecorded", "sec", "2026-03-12"),
        ("Member.AttendanceRecorded", "sec", "2026-03-05"),
        ("Member.Transferred", "org", "2026-04-01"),
        ("Member.EntryReversed", "inspector", "2026-11-21"),
    ]
    positions = [e["position"] for e in data["events"]]
    assert positions == sorted(positions)
    recorded = [e["recorded_at"] for e in data["events"]]
    assert recorded == sorted(recorded) and all(r.endswith("+00:00") for r in recorded)
    assert data["events"][1]["detail"] == {"entry_id": "d1", "month": "2026-03", "amount": "10"}


def test_branch_and_unit_history(org):
    assert [e["event"] for e in of(org, "B1")["events"]] == [
        "Branch.Registered", "Branch.MeetingHeld", "Branch.EntryReversed"]
    assert [e["event"] for e in of(org, "G1")["events"]] == ["Unit.Added"]
    assert of(org, "default-2026")["kind"] == "rulebook"


def test_entry_history_shows_its_recording_and_its_reversal(org):
    data = of(org, "s1")
    assert (data["kind"], data["entry_kind"], data["on"]) == ("entry", "study", {"kind": "member", "id": "M1"})
    assert data["recording"]["event"] == "Member.StudyRecorded"
    assert (data["reversal"]["event"], data["reversal"]["actor"], data["reversal"]["detail"]) == (
        "Member.EntryReversed", "inspector", {"entry_id": "x1", "target": "s1", "reason": "wrong member"})
    assert of(org, "d1")["reversal"] is None
    assert [e["event"] for e in of(org, "d1")["events"]] == ["Member.DuesPaid"]


def test_an_attendance_line_is_reversed_with_its_meeting(org):
    line = of(org, "mt1/M3")
    assert (line["recording"]["detail"]["attendance"], line["on"]) == ("absent", {"kind": "member", "id": "M3"})
    assert line["reversal"]["event"] == "Branch.EntryReversed"
    assert line["reversal"]["detail"]["target"] == "mt1"
    meeting = of(org, "mt1")
    assert (meeting["entry_kind"], meeting["recording"]["event"], meeting["reversal"]["detail"]["reason"]) == (
        "meeting", "Branch.MeetingHeld", "meeting never held")


def test_unknown_and_ambiguous_ids_are_refused(org):
    with pytest.raises(NotFound, match="no member, branch, unit, rule book, user or entry with id 'ZZ'"):
        of(org, "ZZ")
    org.add_unit("M2", "A unit named like a member", "committee", None, "sec")
    with pytest.raises(Refused, match="id 'M2' names a member and a unit; say which with --kind"):
        of(org, "M2")
    assert of(org, "M2", "unit")["kind"] == "unit"
    with pytest.raises(NotFound, match="no branch with id 'M1'"):
        of(org, "M1", "branch")


def test_rebuild_after_normal_use_is_identical(org):
    org.catch_up()
    before = ledger_fingerprint(org)
    result = rebuild_compared(org.projector)
    assert result["identical"] is True
    assert result["events"] == event_count(org) == 20
    assert all(table["identical"] and table["before"] == table["after"] for table in result["tables"].values())
    assert {name for name in result["tables"]} == {table.name for table in t.PROJECTED}
    assert ledger_fingerprint(org) == before


def test_rebuild_names_a_tampered_table_and_fixes_it(org):
    org.catch_up()
    with org.engine.begin() as conn:
        conn.execute(update(t.member_months).where(t.member_months.c.member_id == "M2",
                                                   t.member_months.c.month == "2026-03").values(total=Decimal(99)))
    with org.reading() as conn:
        assert queries.member_month_score(conn, "M2", "2026-03")["total"] == 99.0
    result = rebuild_compared(org.projector)
    assert result["identical"] is False
    assert [name for name, table in result["tables"].items() if not table["identical"]] == ["sl_member_months"]
    assert result["tables"]["sl_member_months"]["differing"] == [{"key": ["M2", "2026-03"], "change": "changed"}]
    with org.reading() as conn:
        assert queries.member_month_score(conn, "M2", "2026-03")["total"] == 0.0
    assert rebuild_compared(org.projector)["identical"] is True


def test_rebuild_names_a_deleted_and_an_added_row(org):
    org.catch_up()
    with org.engine.begin() as conn:
        conn.execute(t.units.delete().where(t.units.c.unit_id == "G1"))
        conn.execute(t.units.insert().values(unit_id="FAKE", name="Forged", kind="committee", parent_id=None,
                                             recorded_at=datetime(2026, 1, 1)))
    result = rebuild_compared(org.projector)
    assert result["tables"]["sl_units"]["differing"] == [
        {"key": ["FAKE"], "change": "only before"}, {"key": ["G1"], "change": "only after"}]


def test_canonical_values_do_not_depend_on_the_database():
    assert canonical(Decimal("2.0000")) == canonical(Decimal("2")) == canonical(2) == "2"
    assert canonical(Decimal("-0.0000")) == "0"
    assert canonical(Decimal("1.2500")) == "1.25"
    assert canonical(date(2026, 3, 1)) == "2026-03-01"
    assert canonical(True) is True and canonical(None) is None


def test_history_shows_a_damaged_event_as_unreadable(org):
    dues = next(e["position"] for e in of(org, "M1")["events"] if e["event"] == "Member.DuesPaid")
    with org.engine.begin() as conn:
        conn.execute(update(org.events_table).where(org.events_table.c.id == dues).values(state=b"\x00garbled"))
    line = next(e for e in of(org, "M1")["events"] if e["position"] == dues)
    assert (line["event"], line["unreadable"], line["actor"], line["detail"]) == ("Member.DuesPaid", True, None, {})
    assert of(org, "d1")["recording"] is None  # the entry's recording can no longer be read
