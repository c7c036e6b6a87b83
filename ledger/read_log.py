"""The read audit: every look at members' deduction history is itself a recorded fact."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.ids import stream_id


class ReadLog(ClockedAggregate):
    """One look (a stream of one event): who looked, with which filters, at whose rows.

    It has no business date on purpose: a look happens when it is recorded, and recording
    it must not move any period the read model covers.
    """

    @staticmethod
    def create_id(read_id: str, **_: Any) -> UUID:
        return stream_id("read", read_id)

    @event("Recorded")
    def __init__(self, read_id: str, what: str, filters: dict[str, str], members: list[str],
                 rows: int, actor: str):
        self.read_id = read_id
