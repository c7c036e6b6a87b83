"""Who and what is in the organisation now: the unit tree, its branches and their members,
with names, for the list commands and for tables that show names beside ids."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ledger.errors import NotFound
from ledger.ids import shown_id
from projections import tables as t


def unit_tree(conn: Connection, under: str | None = None) -> list[dict]:
    """Units and branches in tree order (each followed by what is under it), with their depth.
    `under` limits the tree to that unit or branch and everything below it."""
    nodes = {row.unit_id: {"id": row.unit_id, "kind": row.kind, "name": row.name, "parent_id": row.parent_id,
                           "category": None} for row in conn.execute(select(t.units))}
    nodes.update({row.branch_id: {"id": row.branch_id, "kind": "branch", "name": row.name,
                                  "parent_id": row.parent_id, "category": row.category}
                  for row in conn.execute(select(t.branches))})
    children: dict[str | None, list[str]] = {}
    for node in nodes.values():
        parent = node["parent_id"] if node["parent_id"] in nodes else None
        children.setdefault(parent, []).append(node["id"])
    for ids in children.values():  # units before branches, then by id
        ids.sort(key=lambda key: (nodes[key]["kind"] == "branch", key))
    if under is not None and under not in nodes:
        raise NotFound(f"no unit or branch with id '{shown_id(under)}'")
    tree: list[dict] = []

    def walk(key: str, depth: int) -> None:
        tree.append({**nodes[key], "depth": depth})
        for child in children.get(key, []):
            walk(child, depth + 1)

    for root in [under] if under is not None else children.get(None, []):
        walk(root, 0)
    return tree


def branch_list(conn: Connection, under: str | None = None, category: str | None = None) -> list[dict]:
    """Branches with their category, parent, establishment date and current member count."""
    wanted = {node["id"] for node in unit_tree(conn, under) if node["kind"] == "branch"}
    counts = dict(conn.execute(select(t.stints.c.branch_id, func.count()).where(
        t.stints.c.until_on.is_(None)).group_by(t.stints.c.branch_id)).all())
    rows = conn.execute(select(t.branches).order_by(t.branches.c.branch_id))
    return [{"branch_id": row.branch_id, "name": row.name, "category": row.category, "parent_id": row.parent_id,
             "established_on": row.established_on.isoformat(), "members": counts.get(row.branch_id, 0)}
            for row in rows if row.branch_id in wanted and (category is None or row.category == category)]


def member_list(conn: Connection, branch_id: str | None = None, under: str | None = None) -> list[dict]:
    """Members with their status and current branch; `branch_id` or `under` keep those whose
    current branch is that branch or under that unit."""
    wanted = None
    if branch_id is not None:
        if conn.execute(select(t.branches.c.branch_id).where(t.branches.c.branch_id == branch_id)).first() is None:
            raise NotFound(f"no branch with id '{shown_id(branch_id)}'")
        wanted = {branch_id}
    if under is not None:
        below = {node["id"] for node in unit_tree(conn, under) if node["kind"] == "branch"}
        wanted = below if wanted is None else wanted & below
    current = select(t.stints.c.member_id, t.stints.c.branch_id).where(t.stints.c.until_on.is_(None)).subquery()
    rows = conn.execute(select(t.members, current.c.branch_id).join(
        current, current.c.member_id == t.members.c.member_id, isouter=True).order_by(t.members.c.member_id))
    return [{"member_id": row.member_id, "name": row.name, "status": row.status, "branch_id": row.branch_id,
             "joined_on": row.joined_on.isoformat()}
            for row in rows if wanted is None or row.branch_id in wanted]


def names_of(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """The names of these members, branches and units, by id (an id names one of them)."""
    keys = sorted(set(ids))
    if not keys:
        return {}
    found: dict[str, str] = {}
    for table, key in ((t.units, t.units.c.unit_id), (t.branches, t.branches.c.branch_id),
                       (t.members, t.members.c.member_id)):
        found.update(conn.execute(select(key, table.c.name).where(key.in_(keys))).all())
    return found
