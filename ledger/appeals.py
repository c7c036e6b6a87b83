"""Appeals (申诉) against a deduction, and their review (复核): revoke (撤销) or maintain (维持).

One EntryAppeals stream per appealed entry holds every appeal against it, round after round,
so the rule "at most one open appeal per entry" is checked and saved on a single aggregate:
two people filing at the same moment cannot both succeed (optimistic concurrency).
Revoking is recorded twice over, in one save: the decision here, and a reversal on the
stream of the entry itself, which is what changes the score.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.errors import Duplicate, Refused
from ledger.ids import stream_id

# Index kinds that can be appealed, and whose stream holds them.
APPEALABLE = {"violation": "member", "branch_deduction": "branch", "veto": "branch"}
DECISIONS = ("revoke", "maintain")
DECIDED = {"revoke": "revoked", "maintain": "maintained"}

# How an entry of another kind is named when an appeal against it is refused.
_NAMES = {"attendance": "attendance line", "dues": "dues entry", "rating": "rating",
          "study": "study entry", "duty": "duty entry", "commendation": "commendation",
          "award": "award", "meeting": "meeting", "reversal": "reversal", "objection": "objection",
          "appeal": "appeal"}


def check_appealable(entry_id: str, kind: str, reversed_: bool) -> None:
    """Only a deduction that still stands can be appealed."""
    if kind not in APPEALABLE:
        name = _NAMES.get(kind, f"{kind} entry")
        article = "an" if name[0] in "aeiou" else "a"
        raise Refused(f"entry {entry_id} is {article} {name}; only a member violation, a branch "
                      f"deduction or a veto can be appealed")
    if reversed_:
        raise Duplicate(f"entry {entry_id} has already been reversed; there is nothing left to appeal")


class EntryAppeals(ClockedAggregate):
    """Every appeal against one deduction entry (a violation, branch deduction or veto)."""

    @staticmethod
    def create_id(target: str, **_: Any) -> UUID:
        return stream_id("appeals", target)

    @event("Opened")
    def __init__(self, target: str, target_kind: str, occurred_on: date, actor: str):
        self.target = target
        self.target_kind = target_kind
        self.decisions: dict[str, str | None] = {}  # appeal id -> "revoke", "maintain" or None (open)
        self.open: str | None = None

    def file(self, appeal_id: str, reason: str, on: date, actor: str) -> None:
        if self.open is not None:
            raise Duplicate(f"entry {self.target} already has an open appeal, {self.open}; "
                          f"it must be decided first")
        if not reason.strip():
            raise Refused("an appeal needs a reason")
        self._filed(appeal_id=appeal_id, target=self.target, reason=reason, occurred_on=on, actor=actor)

    @event("Filed")
    def _filed(self, appeal_id: str, target: str, reason: str, occurred_on: date, actor: str) -> None:
        self.decisions[appeal_id] = None
        self.open = appeal_id

    def decide(self, appeal_id: str, decision: str, reason: str, reversal_id: str | None,
               on: date, actor: str) -> None:
        """Revoke (with the id of the reversal saved alongside) or maintain an open appeal."""
        if decision not in DECISIONS:
            raise Refused(f"decision '{decision}' is not one of {', '.join(DECISIONS)}")
        if appeal_id not in self.decisions:
            raise Refused(f"appeal {appeal_id} is not an appeal against entry {self.target}")
        earlier = self.decisions[appeal_id]
        if earlier is not None:
            raise Duplicate(f"appeal {appeal_id} has already been decided: {DECIDED[earlier]}")
        if not reason.strip():
            raise Refused("deciding an appeal needs a reason")
        if (decision == "revoke") != (reversal_id is not None):
            raise Refused("a revocation, and only a revocation, records a reversal")
        self._decided(appeal_id=appeal_id, decision=decision, reason=reason, reversal_id=reversal_id,
                      occurred_on=on, actor=actor)

    @event("Decided")
    def _decided(self, appeal_id: str, decision: str, reason: str, reversal_id: str | None,
                 occurred_on: date, actor: str) -> None:
        self.decisions[appeal_id] = decision
        self.open = None

