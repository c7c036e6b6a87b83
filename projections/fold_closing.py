"""Folding month closes, objections, seals and late-entry flags into the read model."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import or_, select, update

from ledger.ids import stream_id

from projections import tables as t
from projections.events import RawEvent


class ClosingFold:
    """Handlers mixed into PageFold; they use its pending rows and update queue."""

    conn: Any
    inserts: Any
    pending_entries: dict
    pending_meetings: dict
    updates: list
    closes_by_stream: dict[str, str]

    def on_MonthClose_Closed(self, event: RawEvent) -> None:
        d = event.data
        self.closes_by_stream[event.stream_id] = d["month"]
        self.inserts[t.month_closes].append(dict(
            month=d["month"], closed_on=d["occurred_on"], closed_at=event.recorded_at,
            notice_days=d["notice_days"], actor=d["actor"], sealed_at=None, sealed_by=None,
            seal_digest=None, first_position=None, last_position=None, sealed_entries=None, rule_books=None,
            chain_position=None, chain_hash=None))

    def on_MonthClose_ObjectionFiled(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.objections].append(dict(
            objection_id=d["objection_id"], month=self._close_month(event), subject_id=d["subject_id"],
            reason=d["reason"], filed_at=event.recorded_at, filed_by=d["actor"], resolution=None,
            resolved_at=None, resolved_by=None))

    def on_MonthClose_ObjectionResolved(self, event: RawEvent) -> None:
        d = event.data
        values = dict(resolution=d["reason"], resolved_at=event.recorded_at, resolved_by=d["actor"])
        self._update_or_pending(t.objections, t.objections.c.objection_id == d["objection_id"],
                                "objection_id", d["objection_id"], values)

    def on_MonthClose_Sealed(self, event: RawEvent) -> None:
        d = event.data
        values = dict(sealed_at=event.recorded_at, sealed_by=d["actor"], seal_digest=d["digest"],
                      first_position=d["first_position"], last_position=d["last_position"],
                      sealed_entries=d["entries"], rule_books=json.dumps(d["rule_books"]),
                      chain_position=d.get("chain_position"), chain_hash=d.get("chain_hash"))
        month = self._close_month(event)
        self._update_or_pending(t.month_closes, t.month_closes.c.month == month, "month", month, values)

    def on_Member_LateEntryNoted(self, event: RawEvent) -> None:
        self._mark_late(event)

    def on_Branch_LateEntryNoted(self, event: RawEvent) -> None:
        self._mark_late(event)

    def _mark_late(self, event: RawEvent) -> None:
        """The flagged entry is a line, a meeting (and its lines), or a reversal of a line."""
        entry_id, reason = event.data["entry_id"], event.data["reason"]
        for row in self.pending_entries.values():
            if entry_id in (row["entry_id"], row["meeting_id"]):
                row["late_reason"] = reason
            if row["reversed_by"] == entry_id:
                row["reversal_late_reason"] = reason
        if entry_id in self.pending_meetings:
            self.pending_meetings[entry_id]["late_reason"] = reason
        c = t.entries.c
        self.updates.append(lambda: self.conn.execute(
            update(t.entries).where(or_(c.entry_id == entry_id, c.meeting_id == entry_id))
            .values(late_reason=reason)))
        self.updates.append(lambda: self.conn.execute(
            update(t.entries).where(c.reversed_by == entry_id).values(reversal_late_reason=reason)))
        self.updates.append(lambda: self.conn.execute(
            update(t.meetings).where(t.meetings.c.meeting_id == entry_id).values(late_reason=reason)))

    # --- helpers ----------------------------------------------------------------------------

    def _close_month(self, event: RawEvent) -> str:
        if event.stream_id not in self.closes_by_stream:
            for (month,) in self.conn.execute(select(t.month_closes.c.month)):
                self.closes_by_stream[stream_id("month-close", month).hex] = month
        return self.closes_by_stream[event.stream_id]

    def _update_or_pending(self, table: Any, where: Any, key: str, value: str, values: dict) -> None:
        for row in self.inserts.get(table, []):
            if row[key] == value:
                row.update(values)
                return
        self.updates.append(lambda: self.conn.execute(update(table).where(where).values(**values)))
