"""The recording clock: events take `recorded_at` from it, in memory (no database)."""

from __future__ import annotations

import importlib
import inspect
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from eventsourcing.domain import BaseAggregate, CanMutateAggregate

from ledger.aggregate import ClockedAggregate
from ledger.clock import recording_at, recording_now
from ledger.member import Member

MOMENT = datetime(2026, 3, 31, 23, 59, 59, tzinfo=timezone.utc)
AGGREGATE_MODULES = ("appeals", "closing", "member", "organisation", "read_log", "rules", "users")


def enrol(member_id: str = "M1") -> Member:
    return Member(member_id=member_id, name="Li Hua", branch_id="B1", status="full",
                  occurred_on=date(2025, 1, 1), actor="sec")


def test_events_recorded_under_a_set_clock_carry_its_moment():
    with recording_at(MOMENT):
        member = enrol()
        member.record_study("S-1", date(2026, 3, 2), "t", "sec")
    assert [event.timestamp for event in member.collect_events()] == [MOMENT, MOMENT]


def test_a_moment_in_another_zone_is_stamped_in_utc():
    beijing = timezone(timedelta(hours=8))
    with recording_at(datetime(2026, 4, 1, 7, 59, 59, tzinfo=beijing)):
        stamped = enrol().collect_events()[0].timestamp
    assert stamped == MOMENT and stamped.utcoffset() == timedelta(0)


def test_a_clock_given_as_a_callable_is_asked_for_each_event():
    ticks = iter([MOMENT, MOMENT + timedelta(seconds=1)])
    with recording_at(lambda: next(ticks)):
        member = enrol()
        member.record_study("S-1", date(2026, 3, 2), "t", "sec")
    assert [event.timestamp for event in member.collect_events()] == [MOMENT, MOMENT + timedelta(seconds=1)]


def test_after_the_block_and_outside_it_the_wall_clock_stamps_again():
    with recording_at(MOMENT), recording_at(MOMENT + timedelta(days=1)):
        pass
    before = datetime.now(timezone.utc)
    stamped = enrol().collect_events()[0].timestamp
    assert before <= stamped <= datetime.now(timezone.utc)


def test_an_inner_block_gives_back_the_outer_clock():
    with recording_at(MOMENT):
        with recording_at(MOMENT + timedelta(days=1)):
            assert recording_now() == MOMENT + timedelta(days=1)
        assert recording_now() == MOMENT


def test_another_thread_keeps_the_wall_clock():
    seen: list[datetime] = []
    with recording_at(MOMENT):
        worker = threading.Thread(target=lambda: seen.append(recording_now()))
        worker.start()
        worker.join()
    assert seen[0] > MOMENT


def test_a_moment_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match=r"^recording_at needs a moment with a time zone, not datetime"):
        with recording_at(datetime(2026, 3, 31, 12, 0)):
            pass


def test_every_event_of_every_aggregate_is_stamped_by_the_clock():
    clocked = ClockedAggregate.Event.create_timestamp
    seen = []
    for name in AGGREGATE_MODULES:
        module = importlib.import_module(f"ledger.{name}")
        for aggregate in vars(module).values():
            if inspect.isclass(aggregate) and issubclass(aggregate, BaseAggregate) \
                    and aggregate.__module__ == module.__name__:
                assert issubclass(aggregate, ClockedAggregate), aggregate
                for event_class in vars(aggregate).values():
                    if inspect.isclass(event_class) and issubclass(event_class, CanMutateAggregate):
                        assert event_class.create_timestamp is clocked, event_class
                        seen.append(event_class)
    assert len(seen) > 40  # every module was read, not skipped
