"""Aggregates another process wrote to are brought forward in the cache with one query for all
of them (commands/store/cache.py), to the very state a fresh load gives."""

from __future__ import annotations

from datetime import date

import pytest

from commands.service.ledger import open_ledger
from ledger.errors import Damaged
from ledger.member import Member
from tests.builders import small_org
from tests.conftest import TODAY

MEMBERS = ["M1", "M2", "M3", "M4", "M5"]


def test_members_written_elsewhere_are_brought_forward_together(ledger, db_url):
    small_org(ledger)
    assert [member.version for member in ledger.get_many(Member, MEMBERS, "member")] == [1] * 5
    with open_ledger(db_url, today=lambda: TODAY) as elsewhere:
        elsewhere.record_meeting("B1", "group", date(2026, 11, 3), attended=MEMBERS[:4], excused=[],
                                 absent=MEMBERS[4:], actor="sec")
    single_reads: list[object] = []
    read_one = ledger.recorder.select_events
    ledger.recorder.select_events = lambda *args, **kwargs: single_reads.append(args) or read_one(*args, **kwargs)
    brought = ledger.get_many(Member, MEMBERS, "member")
    ledger.recorder.select_events = read_one
    assert single_reads == []
    assert [member.version for member in brought] == [2] * 5
    with open_ledger(db_url, today=lambda: TODAY) as fresh:
        assert [vars(member) for member in brought] == [vars(member) for member in fresh.get_many(Member, MEMBERS, "member")]
    assert [vars(member) for member in ledger.get_many(Member, MEMBERS, "member")] == [vars(member) for member in brought]


def test_a_damaged_new_event_is_left_to_the_single_read_that_names_it(ledger, db_url):
    small_org(ledger)
    ledger.get_many(Member, MEMBERS, "member")
    with open_ledger(db_url, today=lambda: TODAY) as elsewhere:
        elsewhere.record_study("M1", date(2026, 11, 3), "学习", "sec")
    table = ledger.events_table
    with ledger.engine.begin() as conn:
        last = conn.execute(table.select().order_by(table.c.id.desc()).limit(1)).one()
        conn.execute(table.update().where(table.c.id == last.id).values(state=b"\xff\xfe not json"))
    with pytest.raises(Damaged, match=f"event {last.id} "):
        ledger.get_many(Member, MEMBERS, "member")
