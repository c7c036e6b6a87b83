"""The month's review list: every branch with its score, stars, provisional or final, and the
step that counts (the latest present: final over preliminary over self)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ledger.assessment import STEPS
from projections import tables as t
from projections.branch_queries import branch_stars


def month_review(conn: Connection, month: str, current_month: str) -> list[dict]:
    steps: dict[str, set[str]] = {}
    for branch_id, step in conn.execute(select(t.branch_steps.c.branch_id, t.branch_steps.c.step)
                                        .where(t.branch_steps.c.month == month)):
        steps.setdefault(branch_id, set()).add(step)
    names = dict(conn.execute(select(t.branches.c.branch_id, t.branches.c.name)).all())
    rows = branch_stars(conn, month, current_month)
    for row in rows:
        present = steps.get(row["branch_id"], set())
        row["step"] = next((step for step in reversed(STEPS) if step in present), None)
        row["provisional"] = row["step"] != "final"
        row["name"] = names.get(row["branch_id"], row["branch_id"])
    return rows


def counted_step(conn: Connection, branch_id: str, month: str) -> dict | None:
    """The values of the step that counts, to start the next step's form from."""
    found = {row.step: row for row in conn.execute(
        select(t.branch_steps).where(t.branch_steps.c.month == month, t.branch_steps.c.branch_id == branch_id)
        .order_by(t.branch_steps.c.sequence))}
    step = next((step for step in reversed(STEPS) if step in found), None)
    if step is None:
        return None
    row = found[step]
    return {"step": step, **{name: str(getattr(row, name)) for name in ("organisation", "leadership", "support", "bonus")}}
