"""The base of every aggregate in `ledger/`: its events are stamped by the project's clock.

The library stamps an event with `create_timestamp()` of its class; every aggregate's events
derive from `ClockedAggregate.Event`, so overriding it here reaches them all. Event class names
and modules (the stored topics, e.g. `ledger.member:Member.AttendanceRecorded`) are unchanged:
they come from the aggregate classes, not from this base.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from ledger.clock import recording_now


class ClockedAggregate(Aggregate):
    """An eventsourcing `Aggregate` whose events take `recorded_at` from `ledger.clock`."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return recording_now()

    class Created(Event, Aggregate.Created):
        pass
