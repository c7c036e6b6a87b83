"""The deduction register for inspectors, and the read audit of who looked at it.

Every member violation, branch deduction and veto, with its whole story (recorded, each
appeal and its decision, the reversal) and its status now:
- active: it stands and no appeal is open;
- appealed: an appeal is open;
- maintained: the latest appeal was decided "maintain";
- revoked: it was reversed, by an appeal's revocation or by any reversal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from projections import tables as t
from projections.events import as_utc
from projections.queries import money, require_branch, require_member
from projections.rescore import load_shelf
from ledger.terms import DEDUCTION_STATUSES as STATUSES

CHUNK = 500


@dataclass(frozen=True)
class Filters:
    branch: str | None = None
    member: str | None = None
    month_from: str | None = None
    month_to: str | None = None
    status: str | None = None
    inspector: str | None = None

    def given(self) -> dict[str, str]:
        """The filters that were set, by their command-line names."""
        names = {"branch": self.branch, "member": self.member, "from": self.month_from,
                 "to": self.month_to, "status": self.status, "inspector": self.inspector}
        return {name: value for name, value in names.items() if value is not None}


def _at(moment: Any) -> str:
    return as_utc(moment).isoformat()


def _months(query: Any, month: Any, filters: Filters) -> Any:
    if filters.month_from:
        query = query.where(month >= filters.month_from)
    if filters.month_to:
        query = query.where(month <= filters.month_to)
    return query


def _member_violations(conn: Connection, filters: Filters) -> list[dict]:
    e, s = t.entries, t.stints
    # The branch the member was in on the day of the violation.
    on_the_day = (s.c.member_id == e.c.member_id) & (s.c.from_on <= e.c.occurred_on) & or_(
        s.c.until_on.is_(None), s.c.until_on > e.c.occurred_on)
    query = (select(e, s.c.branch_id).select_from(e.outerjoin(s, on_the_day))
             .where(e.c.kind == "violation"))
    if filters.member:
        query = query.where(e.c.member_id == filters.member)
    if filters.branch:
        query = query.where(s.c.branch_id == filters.branch)
    if filters.inspector:
        query = query.where(e.c.actor == filters.inspector)
    rows = conn.execute(_months(query, e.c.month, filters)).all()
    shelf = load_shelf(conn) if rows else None
    found = []
    for r in rows:
        detail = json.loads(r.detail)
        rule = shelf.in_force(r.occurred_on).member.rules["violation"]
        found.append({
            "entry_id": r.entry_id, "kind": "violation", "member_id": r.member_id,
            "branch_id": r.branch_id, "month": r.month, "occurred_on": r.occurred_on.isoformat(),
            "points": money(rule.points * r.value),
            "reference": {"decision": detail.get("decision_ref"), "issued_by": detail.get("issued_by"),
                          "evidence": detail.get("evidence_ref") or None},
            "_sequence": r.sequence,
            "_recorded": _step("recorded", r.actor, r.recorded_at, detail.get("reason"), r.late_reason),
            "_reversal": _reversal(r.reversed_by, r.reversal_actor, r.reversed_at, r.reversal_reason,
                                   r.reversal_late_reason),
        })
    return found


def _branch_entries(conn: Connection, filters: Filters) -> list[dict]:
    if filters.member:
        return []  # a member's register holds only that member's violations
    b = t.branch_entries
    query = select(b)
    if filters.branch:
        query = query.where(b.c.branch_id == filters.branch)
    if filters.inspector:
        query = query.where(b.c.actor == filters.inspector)
    found = []
    for r in conn.execute(_months(query, b.c.month, filters)):
        found.append({
            "entry_id": r.entry_id, "kind": "veto" if r.kind == "veto" else "branch_deduction",
            "member_id": None, "branch_id": r.branch_id, "month": r.month, "occurred_on": None,
            "points": None if r.kind == "veto" else money(-r.points),
            "reference": {"clause": r.clause},
            "_sequence": r.sequence,
            "_recorded": _step("recorded", r.actor, r.recorded_at, r.reason, r.late_reason),
            "_reversal": _reversal(r.reversed_by, r.reversal_actor, r.reversed_at, r.reversal_reason,
                                   r.reversal_late_reason),
        })
    return found


def _step(step: str, by: str, at: Any, reason: str | None, late_reason: str | None = None,
          **more: Any) -> dict:
    shown = {"step": step, "by": by, "at": _at(at), "reason": reason, **more}
    if late_reason is not None:
        shown["late_reason"] = late_reason
    return shown


def _reversal(entry_id: str | None, by: str | None, at: Any, reason: str | None,
              late_reason: str | None = None) -> dict | None:
    if entry_id is None:
        return None
    return _step("reversed", by or "", at, reason, late_reason, entry_id=entry_id)


def _appeals_of(conn: Connection, targets: list[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for start in range(0, len(targets), CHUNK):
        chunk = targets[start:start + CHUNK]
        for row in conn.execute(select(t.appeals).where(t.appeals.c.target.in_(chunk))
                                .order_by(t.appeals.c.sequence)):
            found[row.target].append(row)
    return found


def _story(row: dict, appeals: list[Any]) -> tuple[list[dict], str]:
    """The steps in the order they happened, and the status they leave."""
    story = [row["_recorded"]]
    for appeal in appeals:
        story.append(_step("appealed", appeal.filed_by, appeal.filed_at, appeal.reason,
                           appeal_id=appeal.appeal_id))
        if appeal.decision is not None:
            story.append(_step("revoked" if appeal.decision == "revoke" else "maintained",
                               appeal.decided_by, appeal.decided_at, appeal.decision_reason,
                               appeal_id=appeal.appeal_id))
    reversal = row["_reversal"]
    if reversal is not None:
        by_appeal = [a.appeal_id for a in appeals if a.reversal_id == reversal["entry_id"]]
        story.append({**reversal, "appeal_id": by_appeal[0] if by_appeal else None})
        return story, "revoked"
    if appeals and appeals[-1].decision is None:
        return story, "appealed"
    if appeals and appeals[-1].decision == "maintain":
        return story, "maintained"
    return story, "active"


def deduction_register(conn: Connection, filters: Filters) -> list[dict]:
    """Member violations, branch deductions and vetoes matching the filters, each with its story."""
    if filters.member:
        require_member(conn, filters.member)
    if filters.branch:
        require_branch(conn, filters.branch)
    rows = _member_violations(conn, filters) + _branch_entries(conn, filters)
    appeals = _appeals_of(conn, [row["entry_id"] for row in rows])
    register = []
    for row in sorted(rows, key=lambda r: (r["month"], r["_sequence"])):
        story, status = _story(row, appeals.get(row["entry_id"], []))
        if filters.status and status != filters.status:
            continue
        shown = {key: value for key, value in row.items() if not key.startswith("_")}
        register.append({**shown, "status": status, "story": story})
    return register


def read_audit(conn: Connection, member: str | None = None) -> list[dict]:
    """Every recorded look at members' deduction history, oldest first."""
    r, rm = t.reads, t.read_members
    query = select(r).order_by(r.c.sequence)
    if member:
        query = query.where(r.c.read_id.in_(select(rm.c.read_id).where(rm.c.member_id == member)))
    return [{"read_id": row.read_id, "by": row.actor, "at": _at(row.recorded_at), "what": row.what,
             "filters": json.loads(row.filters), "members_shown": json.loads(row.shown),
             "rows": row.rows} for row in conn.execute(query)]
