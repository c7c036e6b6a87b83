"""What a write would change: the figure tables read before and after, compared row by row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from projections import tables as t
from projections.queries import money

# (table, kind of figure, key columns, figure column, extra columns to compare)
FIGURES: list[tuple[Table, str, tuple[str, ...], str, tuple[str, ...]]] = [
    (t.member_months, "member_month", ("member_id", "month"), "total", ()),
]


def register_figure(table: Table, kind: str, keys: tuple[str, ...], figure: str,
                    extras: tuple[str, ...] = ()) -> None:
    """Other read models (branch scores, stars) add their figure tables here."""
    FIGURES.append((table, kind, keys, figure, extras))


def snapshot(conn: Connection) -> dict[tuple, dict[str, Any]]:
    rows: dict[tuple, dict[str, Any]] = {}
    for table, kind, keys, figure, extras in FIGURES:
        columns = [table.c[name] for name in keys + (figure,) + extras]
        for row in conn.execute(select(*columns)):
            values = row._mapping
            rows[(kind,) + tuple(values[name] for name in keys)] = {
                name: values[name] for name in (figure,) + extras}
    return rows


def compare(before: dict[tuple, dict], after: dict[tuple, dict]) -> list[dict]:
    """Every figure that differs, old and new side by side; a missing row counts as 0."""
    changes = []
    figure_column = {kind: figure for _, kind, _, figure, _ in FIGURES}
    for key in sorted(set(before) | set(after), key=lambda k: tuple(str(part) for part in k)):
        old, new = before.get(key, {}), after.get(key, {})
        kind = key[0]
        figure = figure_column[kind]
        old_value = Decimal(old.get(figure) or 0)
        new_value = Decimal(new.get(figure) or 0)
        extras_moved = any(old.get(name) != new.get(name) for name in (set(old) | set(new)) - {figure}
                           if name in old and name in new)
        if old_value == new_value and not extras_moved:
            continue
        change = {"figure": kind, "subject_id": key[1], "month": key[2] if len(key) > 2 else None,
                  "old": money(old_value), "new": money(new_value), "delta": money(new_value - old_value)}
        for name in set(old) | set(new):
            if name != figure:
                change[f"{name}_before"] = old.get(name)
                change[f"{name}_after"] = new.get(name)
        changes.append(change)
    return changes
