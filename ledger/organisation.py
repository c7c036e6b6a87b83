"""Organisation units (committee, general branch), branches and their meetings."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.errors import Refused
from ledger.ids import stream_id

UNIT_KINDS = ("committee", "general_branch")
MEETING_KINDS = ("assembly", "lecture", "theme_day", "group", "committee")


class Unit(Aggregate):
    """A committee (党委) or general branch (党总支) in the organisation tree."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> UUID:
        return stream_id("unit", unit_id)

    @event("Added")
    def __init__(self, unit_id: str, name: str, kind: str, parent_id: str | None,
                 occurred_on: date, actor: str):
        self.unit_id = unit_id
        self.name = name
        self.kind = kind
        self.parent_id = parent_id


class Branch(Aggregate):
    """A Party branch (党支部): its registration, the meetings it holds and their reversals."""

    @staticmethod
    def create_id(branch_id: str, **_: Any) -> UUID:
        return stream_id("branch", branch_id)

    @event("Registered")
    def __init__(self, branch_id: str, name: str, category: str, parent_id: str | None,
                 occurred_on: date, actor: str):
        self.branch_id = branch_id
        self.name = name
        self.category = category
        self.parent_id = parent_id
        self.established_on = occurred_on
        self.meetings: dict[str, str] = {}  # meeting id -> its month
        self.reversed: set[str] = set()

    def hold_meeting(self, meeting_id: str, kind: str, on: date, attended: list[str],
                     excused: list[str], absent: list[str], actor: str) -> None:
        if kind not in MEETING_KINDS:
            raise Refused(f"meeting kind '{kind}' is not one of {', '.join(MEETING_KINDS)}")
        if on < self.established_on:
            raise Refused(
                f"branch {self.branch_id} was established on {self.established_on}; "
                f"a meeting on {on} is before that"
            )
        listed = attended + excused + absent
        if not listed:
            raise Refused("a meeting needs at least one member listed as attended, excused or absent")
        seen: set[str] = set()
        for member_id in listed:
            if member_id in seen:
                raise Refused(f"member {member_id} is listed twice in this meeting")
            seen.add(member_id)
        self._meeting_held(meeting_id=meeting_id, kind=kind, occurred_on=on, attended=attended,
                           excused=excused, absent=absent, actor=actor)

    @event("MeetingHeld")
    def _meeting_held(self, meeting_id: str, kind: str, occurred_on: date, attended: list[str],
                      excused: list[str], absent: list[str], actor: str) -> None:
        self.meetings[meeting_id] = f"{occurred_on.year:04d}-{occurred_on.month:02d}"

    def month_of_entry(self, entry_id: str) -> str:
        return self.meetings[entry_id]

    def note_late(self, entry_id: str, reason: str, on: date, actor: str) -> None:
        """Flag an entry recorded after its month was closed; the reason is required."""
        if not reason.strip():
            raise Refused("a late entry needs a reason")
        self._late_noted(entry_id=entry_id, reason=reason, occurred_on=on, actor=actor)

    @event("LateEntryNoted")
    def _late_noted(self, entry_id: str, reason: str, occurred_on: date, actor: str) -> None:
        pass

    def reverse(self, entry_id: str, target: str, reason: str, on: date, actor: str) -> None:
        if target not in self.meetings:
            raise Refused(f"entry {target} is not a meeting of branch {self.branch_id}")
        if target in self.reversed:
            raise Refused(f"entry {target} has already been reversed")
        if not reason.strip():
            raise Refused("a reversal needs a reason")
        self._entry_reversed(entry_id=entry_id, target=target, reason=reason,
                             occurred_on=on, actor=actor)

    @event("EntryReversed")
    def _entry_reversed(self, entry_id: str, target: str, reason: str, occurred_on: date,
                        actor: str) -> None:
        self.reversed.add(target)
