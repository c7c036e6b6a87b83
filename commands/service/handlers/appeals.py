"""Appeals against deductions (申诉 → 复核 → 撤销/维持), and the deduction register with its
read audit: every look at members' deductions is itself recorded."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from commands.service.handlers.base import LedgerBase
from ledger.appeals import APPEALABLE, EntryAppeals, check_appealable
from ledger.errors import Duplicate, NotFound, Refused
from ledger.ids import shown_id
from ledger.read_log import ReadLog
from projections.deductions import Filters, deduction_register


class AppealCommands(LedgerBase):
    def file_appeal(self, target: str, reason: str, actor: str, appeal_id: str | None = None) -> dict:
        """File an appeal against a member violation, a branch deduction or a veto that stands."""
        generated = appeal_id is None
        appeal_id = "a-" + uuid.uuid4().hex[:16] if generated else self.check_id(appeal_id, "appeal")
        content = dict(kind="appeal", target=target, reason=reason)
        with self.unit_of_work() as session:
            found = self.index_find(session, target)
            # Loaded before the repeat check: a racing writer's appeal is then in both or in neither.
            appeals = None if found is None else self.find(EntryAppeals, target)
            earlier = self.index_earlier(session, appeal_id, content, generated)
            if earlier is not None:
                return earlier
            if found is None:
                raise NotFound(f"no entry with id '{shown_id(target)}'")
            holder = self.load(UUID(found.stream_id)) if found.kind in APPEALABLE else None
            check_appealable(target, found.kind, holder is not None and target in holder.reversed)
            if appeals is None:
                appeals = EntryAppeals(target=target, target_kind=found.kind, occurred_on=self.today(),
                                       actor=actor)
            appeals.file(appeal_id, reason, self.today(), actor)
            result = {"appeal_id": appeal_id, "target": target, "kind": found.kind}
            self.index_add(session, [(appeal_id, appeals.id.hex, "appeal", content, result)])
            self.save(appeals)
        return result

    def decide_appeal(self, appeal_id: str, decision: str, reason: str, actor: str,
                      late_reason: str | None = None) -> dict:
        """Maintain the deduction, or revoke it: the decision and the reversal of the entry are
        saved together; a revocation for a closed month is a late write and needs its reason."""
        with self.unit_of_work() as session:
            found = self.index_find(session, appeal_id)
            if found is None or found.kind != "appeal":
                raise NotFound(f"no appeal with id '{shown_id(appeal_id)}'")
            appeals = self.load(UUID(found.stream_id))
            target = appeals.target
            reversal_id = f"{appeal_id}/revoked" if decision == "revoke" else None
            appeals.decide(appeal_id, decision, reason, reversal_id, self.today(), actor)
            held = self.index_find(session, target)
            holder = self.load(UUID(held.stream_id))
            if target in holder.reversed:
                raise Refused(f"entry {target} has been reversed since appeal {appeal_id} was filed; "
                              f"there is nothing left to decide")
            result: dict[str, Any] = {"appeal_id": appeal_id, "target": target, "decision": decision,
                                      "reversal_id": reversal_id}
            if reversal_id is None:
                self.save(appeals)
            else:
                self._revoke(session, holder, held.stream_id, target, reversal_id, appeal_id, reason,
                             actor, late_reason, result)
                self.save(appeals, holder)
        return result

    def _revoke(self, session: Any, holder: Any, stream: str, target: str, reversal_id: str,
                appeal_id: str, reason: str, actor: str, late_reason: str | None, result: dict) -> None:
        """The reversal of the appealed entry, on the entry's own stream (a member's or a branch's)."""
        if self.index_find(session, reversal_id) is not None:
            raise Duplicate(f"entry id {reversal_id} is already used")
        late = self.lateness(holder.month_of_entry(target), late_reason)
        why = f"revoked on appeal {appeal_id}: {reason}"
        holder.reverse(reversal_id, target, why, self.today(), actor)
        if late:
            holder.note_late(reversal_id, late, self.today(), actor)
            result["late"] = True
        content = dict(kind="reversal", target=target, reason=why, appeal=appeal_id)
        self.index_add(session, [(reversal_id, stream, "reversal", content,
                                  {"entry_id": reversal_id, "reversed": target})])

    def look_at_deductions(self, filters: Filters, actor: str) -> list[dict]:
        """The deduction register; a look that shows members' rows, or names a member, is recorded."""
        with self.reading() as conn:
            rows = deduction_register(conn, filters)
        shown = sorted({row["member_id"] for row in rows if row["member_id"] is not None})
        if shown or filters.member:
            look = ReadLog(read_id="r-" + uuid.uuid4().hex[:16], what="deductions",
                           filters=filters.given(), members=shown, rows=len(rows), actor=actor)
            with self.unit_of_work():
                self.save(look)
        return rows
