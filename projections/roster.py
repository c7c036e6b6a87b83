"""A branch's roster for a month: who belongs on the month's last day, with their month's points.

One query whatever the branch's size (the web roster and dues pages hold 1,000 members).
"""

from __future__ import annotations

import json

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from ledger.dates import last_day
from projections import tables as t
from projections.queries import money, require_branch


def branch_roster(conn: Connection, branch_id: str, month: str) -> list[dict]:
    """Members of the branch on the month's last day, by id, each with name, status and total."""
    require_branch(conn, branch_id)
    end = last_day(month)
    stints, members, months = t.stints, t.members, t.member_months
    query = (select(members.c.member_id, members.c.name, members.c.status, months.c.total)
             .select_from(stints.join(members, members.c.member_id == stints.c.member_id)
                          .outerjoin(months, and_(months.c.member_id == stints.c.member_id,
                                                  months.c.month == month)))
             .where(stints.c.branch_id == branch_id, stints.c.from_on <= end,
                    or_(stints.c.until_on.is_(None), stints.c.until_on > end))
             .order_by(members.c.member_id))
    seen: dict[str, dict] = {}
    for row in conn.execute(query):
        seen.setdefault(row.member_id, {"member_id": row.member_id, "name": row.name, "status": row.status,
                                        "total": money(row.total) if row.total is not None else 0.0})
    return list(seen.values())


def branch_dues(conn: Connection, branch_id: str, month: str) -> list[dict]:
    """The roster of the month, each member with the dues already recorded for that month
    (not reversed): amount, paid on, entry id."""
    roster = branch_roster(conn, branch_id, month)
    ids = [member["member_id"] for member in roster]
    paid: dict[str, list[dict]] = {}
    entries = t.entries
    for row in conn.execute(select(entries.c.entry_id, entries.c.member_id, entries.c.occurred_on, entries.c.detail)
                            .where(entries.c.kind == "dues", entries.c.month == month,
                                   entries.c.reversed_by.is_(None), entries.c.member_id.in_(ids))
                            .order_by(entries.c.sequence)):
        paid.setdefault(row.member_id, []).append({"entry_id": row.entry_id, "paid_on": row.occurred_on.isoformat(),
                                                   "amount": json.loads(row.detail).get("amount")})
    return [{**member, "paid": paid.get(member["member_id"], [])} for member in roster]


def branch_names(conn: Connection) -> dict[str, str]:
    """Every branch's display name by id (for lists that show names beside ids)."""
    return {row.branch_id: row.name for row in conn.execute(select(t.branches.c.branch_id, t.branches.c.name))}


def member_card(conn: Connection, member_id: str) -> dict:
    """A member's name, status and current branch (the branch of their latest stay)."""
    member = conn.execute(select(t.members).where(t.members.c.member_id == member_id)).first()
    if member is None:
        return {}
    stay = conn.execute(select(t.stints.c.branch_id).where(t.stints.c.member_id == member_id)
                        .order_by(t.stints.c.seq.desc()).limit(1)).first()
    return {"member_id": member_id, "name": member.name, "status": member.status,
            "branch_id": stay.branch_id if stay else None}
