"""Closing a month (月兑现): publication, the public notice window, objections, and the seal.

One MonthClose stream per month. Once closed, the month's published figures are those
recorded by the close; a later entry for the month needs a reason and is flagged late.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.errors import Duplicate, Refused
from ledger.ids import stream_id


class MonthClose(ClockedAggregate):
    @staticmethod
    def create_id(month: str, **_: Any) -> UUID:
        return stream_id("month-close", month)

    @event("Closed")
    def __init__(self, month: str, notice_days: int, occurred_on: date, actor: str):
        self.month = month
        self.notice_days = notice_days
        self.closed_on = occurred_on
        self.open_objections: dict[str, str] = {}  # objection id -> subject
        self.objections: dict[str, str] = {}
        self.sealed = False

    @property
    def notice_ends(self) -> date:
        """The first day after the public notice window."""
        return self.closed_on + timedelta(days=self.notice_days)

    def file_objection(self, objection_id: str, subject_id: str, reason: str, on: date, actor: str) -> None:
        if self.sealed:
            raise Refused(f"month {self.month} is sealed; objections are no longer taken")
        if on >= self.notice_ends:
            raise Refused(f"the notice window of {self.month} ended on {self.notice_ends - timedelta(days=1)}")
        if not reason.strip():
            raise Refused("an objection needs a reason")
        self._objection_filed(objection_id=objection_id, subject_id=subject_id, reason=reason,
                              occurred_on=on, actor=actor)

    @event("ObjectionFiled")
    def _objection_filed(self, objection_id: str, subject_id: str, reason: str, occurred_on: date,
                         actor: str) -> None:
        self.objections[objection_id] = subject_id
        self.open_objections[objection_id] = subject_id

    def resolve_objection(self, objection_id: str, reason: str, on: date, actor: str) -> None:
        if objection_id not in self.objections:
            raise Refused(f"no objection {objection_id} in month {self.month}")
        if objection_id not in self.open_objections:
            raise Duplicate(f"objection {objection_id} is already resolved")
        if not reason.strip():
            raise Refused("resolving an objection needs a reason")
        self._objection_resolved(objection_id=objection_id, reason=reason, occurred_on=on, actor=actor)

    @event("ObjectionResolved")
    def _objection_resolved(self, objection_id: str, reason: str, occurred_on: date, actor: str) -> None:
        self.open_objections.pop(objection_id, None)

    def seal(self, digest: str, first_position: int, last_position: int, entries: int,
             rule_books: list[str], chain_position: int, chain_hash: str, on: date, actor: str) -> None:
        if self.sealed:
            raise Duplicate(f"month {self.month} is already sealed")
        if on < self.notice_ends:
            raise Refused(f"month {self.month} is in its notice window until "
                          f"{self.notice_ends - timedelta(days=1)}; seal it after that")
        if self.open_objections:
            listed = ", ".join(sorted(self.open_objections))
            raise Refused(f"month {self.month} has open objections ({listed}); resolve them first")
        self._sealed(digest=digest, first_position=first_position, last_position=last_position,
                     entries=entries, rule_books=rule_books, chain_position=chain_position,
                     chain_hash=chain_hash, occurred_on=on, actor=actor)

    @event("Sealed")
    def _sealed(self, digest: str, first_position: int, last_position: int, entries: int,
                rule_books: list[str], occurred_on: date, actor: str, chain_position: int = 0,
                chain_hash: str = "") -> None:
        self.sealed = True
