"""Folding one page of events into row inserts and updates for the read-model tables.

A page is folded in memory first and written in bulk afterwards: a reversal or a transfer
that meets its target in the same page edits the pending row instead of issuing an UPDATE.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from ledger.dates import last_day, month_of
from projections import tables as t
from projections.appeals_fold import AppealsFold
from projections.events import RawEvent
from projections.fold_closing import ClosingFold
from ledger.driver_rows import insert_rows

ONE = Decimal(1)


def rule_key(name: str, data: dict[str, Any]) -> tuple[str, Decimal, str]:
    """The rule a member fact is priced by, its multiplier, and the month it counts in."""
    occurred: date = data["occurred_on"]
    if name == "Member.AttendanceRecorded":
        status = data["attendance"]
        key = f"attend.{data['kind']}" if status == "attended" else status
        return key, ONE, month_of(occurred)
    if name == "Member.DuesPaid":
        on_time = occurred <= last_day(data["month"])
        return ("dues.on_time" if on_time else "dues.late"), ONE, data["month"]
    if name == "Member.RatingGiven":
        return "rating", Decimal(data["score"]), data["month"]
    if name == "Member.DutyPerformed":
        return f"duty.{data['kind']}", ONE, month_of(occurred)
    if name == "Member.Awarded":
        return f"award.{data['level']}", ONE, month_of(occurred)
    simple = {"Member.StudyRecorded": "study", "Member.Commended": "commendation",
              "Member.ViolationRecorded": "violation"}
    return simple[name], ONE, month_of(occurred)


ENTRY_EVENTS = {
    "Member.AttendanceRecorded": "attendance", "Member.DuesPaid": "dues",
    "Member.RatingGiven": "rating", "Member.StudyRecorded": "study",
    "Member.DutyPerformed": "duty", "Member.Commended": "commendation",
    "Member.Awarded": "award", "Member.ViolationRecorded": "violation",
}
_NOT_DETAIL = {"timestamp", "originator_topic", "entry_id", "occurred_on", "actor", "month"}


class PageFold(ClosingFold, AppealsFold):
    """Collects the row changes of a page; `dirty` says whose monthly scores to recompute."""

    def __init__(self, conn: Connection, stream_names: dict[str, tuple[str, str]]):
        self.conn = conn
        self.closes_by_stream: dict[str, str] = {}
        self.streams = stream_names  # stream hex -> ("member"|"branch", id); shared cache
        self.inserts: dict[Any, list[dict]] = defaultdict(list)
        self.pending_entries: dict[str, dict] = {}
        self.pending_meetings: dict[str, dict] = {}
        self.pending_stints: dict[str, list[dict]] = defaultdict(list)
        self.updates: list[Callable[[], None]] = []
        self.dirty: dict[str, str] = {}  # member id -> earliest month to rescore
        self.rules_from: str | None = None  # earliest month a new rule book touches

    # --- bookkeeping ------------------------------------------------------------------------

    def mark(self, member_id: str, month: str) -> None:
        if member_id not in self.dirty or month < self.dirty[member_id]:
            self.dirty[member_id] = month

    def owner(self, event: RawEvent) -> str:
        if event.stream_id not in self.streams:
            self._load_stream_names([event.stream_id])
        return self.streams[event.stream_id][1]

    def _load_stream_names(self, hexes: list[str]) -> None:
        for table, kind, key in ((t.members, "member", t.members.c.member_id),
                                 (t.branches, "branch", t.branches.c.branch_id)):
            rows = self.conn.execute(select(table.c.stream_id, key).where(table.c.stream_id.in_(hexes)))
            for stream, name in rows:
                self.streams[stream] = (kind, name)

    # --- the fold ---------------------------------------------------------------------------

    def apply(self, event: RawEvent) -> None:
        handler = getattr(self, "on_" + event.name.replace(".", "_"), None)
        if handler is not None:
            handler(event)
        elif event.name in ENTRY_EVENTS:
            self.on_entry(event)

    def on_Unit_Added(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.units].append(dict(unit_id=d["unit_id"], name=d["name"], kind=d["kind"],
                                          parent_id=d["parent_id"], recorded_at=event.recorded_at))

    def on_Branch_Registered(self, event: RawEvent) -> None:
        d = event.data
        self.streams[event.stream_id] = ("branch", d["branch_id"])
        self.inserts[t.branches].append(dict(
            branch_id=d["branch_id"], stream_id=event.stream_id, name=d["name"],
            category=d["category"], parent_id=d["parent_id"], established_on=d["occurred_on"],
            recorded_at=event.recorded_at))

    def on_Member_Enrolled(self, event: RawEvent) -> None:
        d = event.data
        self.streams[event.stream_id] = ("member", d["member_id"])
        self.inserts[t.members].append(dict(
            member_id=d["member_id"], stream_id=event.stream_id, name=d["name"],
            status=d["status"], joined_on=d["occurred_on"], recorded_at=event.recorded_at))
        stint = dict(member_id=d["member_id"], seq=1, branch_id=d["branch_id"],
                     from_on=d["occurred_on"], until_on=None, recorded_at=event.recorded_at)
        self.pending_stints[d["member_id"]].append(stint)
        self.inserts[t.stints].append(stint)

    def on_Member_Transferred(self, event: RawEvent) -> None:
        member_id, d = self.owner(event), event.data
        pending = self.pending_stints[member_id]
        if pending:
            previous_seq = pending[-1]["seq"]
            pending[-1]["until_on"] = d["occurred_on"]
        else:
            previous_seq = self.conn.execute(
                select(t.stints.c.seq).where(t.stints.c.member_id == member_id)
                .order_by(t.stints.c.seq.desc()).limit(1)).scalar_one()
            self.updates.append(lambda: self.conn.execute(
                update(t.stints).where(t.stints.c.member_id == member_id,
                                       t.stints.c.seq == previous_seq)
                .values(until_on=d["occurred_on"])))
        stint = dict(member_id=member_id, seq=previous_seq + 1, branch_id=d["to_branch_id"],
                     from_on=d["occurred_on"], until_on=None, recorded_at=event.recorded_at)
        pending.append(stint)
        self.inserts[t.stints].append(stint)
        self.mark(member_id, month_of(d["occurred_on"]))

    def on_Member_StatusChanged(self, event: RawEvent) -> None:
        member_id, status = self.owner(event), event.data["status"]
        self.updates.append(lambda: self.conn.execute(
            update(t.members).where(t.members.c.member_id == member_id).values(status=status)))

    def on_RuleBook_Published(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.rule_books].append(dict(
            version=d["version"], effective_on=d["effective_on"], body=json.dumps(d["body"]),
            recorded_at=event.recorded_at, actor=d["actor"], sequence=event.position))
        month = month_of(d["effective_on"])
        if self.rules_from is None or month < self.rules_from:
            self.rules_from = month

    def on_Branch_MeetingHeld(self, event: RawEvent) -> None:
        d = event.data
        row = dict(meeting_id=d["meeting_id"], branch_id=self.owner(event), kind=d["kind"],
                   occurred_on=d["occurred_on"], month=month_of(d["occurred_on"]),
                   attended=len(d["attended"]), excused=len(d["excused"]), absent=len(d["absent"]),
                   recorded_at=event.recorded_at, actor=d["actor"], sequence=event.position,
                   reversed_by=None, reversed_at=None, late_reason=None)
        self.pending_meetings[d["meeting_id"]] = row
        self.inserts[t.meetings].append(row)

    def on_entry(self, event: RawEvent) -> None:
        d = event.data
        member_id = self.owner(event)
        key, value, month = rule_key(event.name, d)
        detail = {k: (str(v) if not isinstance(v, (str, int, list, type(None))) else v)
                  for k, v in d.items() if k not in _NOT_DETAIL}
        row = dict(entry_id=d["entry_id"], member_id=member_id, kind=ENTRY_EVENTS[event.name],
                   rule_key=key, value=value, occurred_on=d["occurred_on"], month=month,
                   recorded_at=event.recorded_at, actor=d["actor"], sequence=event.position,
                   meeting_id=d.get("meeting_id"), detail=json.dumps(detail, ensure_ascii=False),
                   reversed_by=None, reversed_at=None, reversal_reason=None, reversal_actor=None,
                   late_reason=None, reversal_late_reason=None)
        self.pending_entries[d["entry_id"]] = row
        self.inserts[t.entries].append(row)
        self.mark(member_id, month)

    def on_Member_EntryReversed(self, event: RawEvent) -> None:
        d = event.data
        self._reverse_entries(t.entries.c.entry_id == d["target"], [d["target"]], event)

    def on_Branch_EntryReversed(self, event: RawEvent) -> None:
        d = event.data
        reversal = dict(reversed_by=d["entry_id"], reversed_at=event.recorded_at)
        if d["target"] in self.pending_meetings:
            self.pending_meetings[d["target"]].update(reversal)
        else:
            self.updates.append(lambda: self.conn.execute(
                update(t.meetings).where(t.meetings.c.meeting_id == d["target"]).values(**reversal)))
        # A reversed meeting reverses every attendance line it produced.
        pending = [e["entry_id"] for e in self.pending_entries.values() if e["meeting_id"] == d["target"]]
        self._reverse_entries(t.entries.c.meeting_id == d["target"], pending, event)

    def _reverse_entries(self, where: Any, pending_ids: list[str], event: RawEvent) -> None:
        d = event.data
        reversal = dict(reversed_by=d["entry_id"], reversed_at=event.recorded_at,
                        reversal_reason=d["reason"], reversal_actor=d["actor"])
        for entry_id in pending_ids:
            row = self.pending_entries.get(entry_id)
            if row is not None and row["reversed_by"] is None:
                row.update(reversal)
                self.mark(row["member_id"], row["month"])
        rows = self.conn.execute(select(t.entries.c.member_id, t.entries.c.month)
                                 .where(where, t.entries.c.reversed_by.is_(None))).all()
        for member_id, month in rows:
            self.mark(member_id, month)
        if rows:
            self.updates.append(lambda: self.conn.execute(
                update(t.entries).where(where, t.entries.c.reversed_by.is_(None)).values(**reversal)))

    # --- writing ----------------------------------------------------------------------------

    def flush(self) -> None:
        for table in t.PROJECTED:
            rows = self.inserts.get(table)
            if rows:
                insert_rows(self.conn, table, rows)
        for run_update in self.updates:
            run_update()
