"""Reads of the organisation tree: a unit and what lies below it, a branch, a branch's members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from ledger.errors import NotFound
from ledger.ids import shown_id
from projections import tables as t
from projections.queries import require_branch, require_member


def unit_tree(conn: Connection, unit_id: str) -> dict:
    """The unit with its units and branches below it, nested."""
    units = {row.unit_id: row for row in conn.execute(select(t.units))}
    if unit_id not in units:
        raise NotFound(f"no unit with id '{shown_id(unit_id)}'")
    branches = conn.execute(select(t.branches).order_by(t.branches.c.branch_id)).all()

    def node(key: str) -> dict:
        row = units[key]
        return {"unit_id": row.unit_id, "name": row.name, "kind": row.kind, "parent_id": row.parent_id,
                "units": [node(child) for child in sorted(units) if units[child].parent_id == key],
                "branches": [{"branch_id": b.branch_id, "name": b.name, "category": b.category,
                              "established_on": b.established_on.isoformat()}
                             for b in branches if b.parent_id == key]}
    return node(unit_id)


def branch_detail(conn: Connection, branch_id: str, on: date) -> dict:
    row = require_branch(conn, branch_id)
    return {"branch_id": row.branch_id, "name": row.name, "category": row.category,
            "parent_id": row.parent_id, "established_on": row.established_on.isoformat(),
            "members": current_members(conn, branch_id, on)}


def current_members(conn: Connection, branch_id: str, on: date) -> list[dict]:
    """The members who belong to the branch on a day, with their name and status."""
    require_branch(conn, branch_id)
    rows = conn.execute(
        select(t.members.c.member_id, t.members.c.name, t.members.c.status, t.stints.c.from_on)
        .join(t.stints, t.stints.c.member_id == t.members.c.member_id)
        .where(t.stints.c.branch_id == branch_id, t.stints.c.from_on <= on,
               or_(t.stints.c.until_on.is_(None), t.stints.c.until_on > on))
        .order_by(t.members.c.member_id))
    return [{"member_id": r.member_id, "name": r.name, "status": r.status, "since": r.from_on.isoformat()}
            for r in rows]


def member_summary(conn: Connection, member_id: str) -> dict:
    row = require_member(conn, member_id)
    return {"member_id": row.member_id, "name": row.name, "status": row.status,
            "joined_on": row.joined_on.isoformat()}
