"""A figure beside itself at other moments: as of a chosen time (the as-of picker) and, for a
closed month, as published at the close. The same queries as `--as-of` and `--published`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from sqlalchemy import select

from ledger.dates import parse_timestamp
from projections import branch_queries, queries
from projections import tables as t


def as_of_asked(text: str | None) -> datetime | None:
    """The picker's value (a datetime-local, read as UTC), or None; a malformed one is refused."""
    return parse_timestamp(text, "截至时刻") if text else None


def _published(conn: Any, month: str) -> datetime | None:
    closed = conn.execute(select(t.month_closes.c.month).where(t.month_closes.c.month == month)).first()
    return queries.published_as_of(conn, month) if closed else None


def _compare(conn: Any, month: str, as_of: datetime | None, figure: Callable[[datetime | None], dict]) -> list[dict]:
    now = figure(None)
    shown = [{"label": "当前", "total": now["total"], "stars": now.get("stars"), "delta": None}]
    for label, moment in ((f"截至 {as_of:%Y-%m-%d %H:%M} UTC" if as_of else None, as_of),
                          ("公示值（结账时）", _published(conn, month))):
        if moment is None:
            continue
        then = figure(moment)
        shown.append({"label": label, "total": then["total"], "stars": then.get("stars"),
                      "delta": round(now["total"] - then["total"], 2)})
    return shown


def member_moments(conn: Any, member_id: str, month: str, as_of: datetime | None) -> list[dict]:
    return _compare(conn, month, as_of, lambda moment: queries.member_month_score(conn, member_id, month, moment))


def branch_moments(conn: Any, branch_id: str, month: str, current_month: str, as_of: datetime | None) -> list[dict]:
    return _compare(conn, month, as_of, lambda moment: branch_queries.branch_month_score(
        conn, branch_id, month, current_month, moment))

