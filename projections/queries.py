"""Read queries over the projected tables: member scores, explanations, ledgers, rankings.

Every query answers from the tables the projector keeps; with `as_of` it replays only what
was recorded by then, through the same pure scoring the projector uses.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from ledger.dates import last_day, months_between
from ledger.errors import NotFound
from ledger.ids import shown_id
from ledger.rule_book_content import PARTS
from ledger.scoring import ZERO, score_lines, summarise_month
from projections import tables as t
from projections.events import as_utc, utc_naive
from projections.rescore import load_shelf, to_line


def money(value: Decimal | int | float) -> float:
    """JSON figures are rounded to 2 decimals; decisions are made on the exact values."""
    return float(round(Decimal(value), 2))


def _require(conn: Connection, table: Any, key: Any, value: str, what: str, as_of: datetime | None) -> Any:
    row = conn.execute(select(table).where(key == value)).first()
    if row is None:
        raise NotFound(f"no {what} with id '{shown_id(value)}'")
    if as_of is not None and row.recorded_at > utc_naive(as_of):
        raise NotFound(f"{what} {value} was not yet recorded at {as_utc(as_of).isoformat()}")
    return row


def require_member(conn: Connection, member_id: str, as_of: datetime | None = None) -> Any:
    return _require(conn, t.members, t.members.c.member_id, member_id, "member", as_of)


def require_branch(conn: Connection, branch_id: str, as_of: datetime | None = None) -> Any:
    return _require(conn, t.branches, t.branches.c.branch_id, branch_id, "branch", as_of)


def _year_lines(conn: Connection, member_id: str, year: str, as_of: datetime | None) -> list[Any]:
    query = select(t.entries).where(t.entries.c.member_id == member_id,
                                    t.entries.c.month >= f"{year}-01", t.entries.c.month <= f"{year}-12")
    if as_of is not None:
        query = query.where(t.entries.c.recorded_at <= utc_naive(as_of))
    return list(conn.execute(query))


def explain_member_month(conn: Connection, member_id: str, month: str,
                         as_of: datetime | None = None) -> dict:
    require_member(conn, member_id, as_of)
    cutoff = utc_naive(as_of) if as_of is not None else None
    rows = {row.entry_id: row for row in _year_lines(conn, member_id, month[:4], cutoff)}
    shelf = load_shelf(conn, cutoff)
    score = summarise_month(month, score_lines([to_line(row, cutoff) for row in rows.values()], shelf))
    lines = []
    for item in score.lines:
        row = rows[item.line.entry_id]
        reversed_ = item.line.reversed
        lines.append({
            "entry_id": item.line.entry_id, "kind": item.line.kind,
            "occurred_on": item.line.occurred_on.isoformat(),
            "recorded_at": as_utc(item.line.recorded_at).isoformat(), "actor": item.line.actor,
            "rule": f"{item.rule_book}/{item.line.rule_key}", "clause": item.clause, "part": item.part,
            "points": money(item.points), "capped": item.capped, "reversed": reversed_,
            "reversed_by": row.reversed_by if reversed_ else None,
            "reversal_reason": row.reversal_reason if reversed_ else None,
            "late": row.late_reason is not None or (reversed_ and row.reversal_late_reason is not None),
            "late_reason": row.late_reason or (row.reversal_late_reason if reversed_ else None),
            "detail": json.loads(row.detail),
        })
    return {"member_id": member_id, "month": month, "total": money(score.total),
            "parts": {part: money(score.parts[part]) for part in PARTS},
            "rule_book": _rule_book_label(score.rule_books, shelf, month),
            "capped": score.capped, "reversed": score.reversed, "lines": lines}


def _rule_book_label(used: tuple[str, ...], shelf: Any, month: str) -> str:
    return ", ".join(used) if used else shelf.in_force(last_day(month)).version


def member_month_score(conn: Connection, member_id: str, month: str,
                       as_of: datetime | None = None) -> dict:
    if as_of is not None:
        explained = explain_member_month(conn, member_id, month, as_of)
        explained.pop("lines")
        return explained
    require_member(conn, member_id)
    row = conn.execute(select(t.member_months).where(t.member_months.c.member_id == member_id,
                                                     t.member_months.c.month == month)).first()
    parts = {part: money(getattr(row, part)) if row else 0.0 for part in PARTS}
    rule_book = row.rule_book if row else load_shelf(conn).in_force(last_day(month)).version
    return {"member_id": member_id, "month": month, "total": money(row.total) if row else 0.0,
            "parts": parts, "rule_book": rule_book,
            "capped": row.capped if row else 0, "reversed": row.reversed if row else 0}


def member_year_score(conn: Connection, member_id: str, year: str, current_month: str,
                      as_of: datetime | None = None) -> dict:
    member = require_member(conn, member_id, as_of)
    joined = f"{member.joined_on.year:04d}-{member.joined_on.month:02d}"
    span = months_between(max(f"{year}-01", joined), min(f"{year}-12", current_month))
    if as_of is not None:
        totals = {month: Decimal(str(member_month_score(conn, member_id, month, as_of)["total"]))
                  for month in span}
    else:
        rows = conn.execute(select(t.member_months.c.month, t.member_months.c.total).where(
            t.member_months.c.member_id == member_id, t.member_months.c.month >= f"{year}-01",
            t.member_months.c.month <= f"{year}-12"))
        totals = {month: ZERO for month in span}
        totals.update({month: Decimal(total) for month, total in rows})
    months = {month: money(totals[month]) for month in sorted(totals)}
    return {"member_id": member_id, "year": int(year), "total": money(sum(totals.values(), ZERO)),
            "months": months}


def member_ledger(conn: Connection, member_id: str) -> dict:
    member = require_member(conn, member_id)
    stays = conn.execute(select(t.stints).where(t.stints.c.member_id == member_id).order_by(t.stints.c.seq))
    entries = conn.execute(select(t.entries).where(t.entries.c.member_id == member_id)
                           .order_by(t.entries.c.occurred_on, t.entries.c.sequence))
    return {
        "member_id": member_id, "name": member.name, "status": member.status,
        "joined_on": member.joined_on.isoformat(),
        "branches": [{"branch_id": s.branch_id, "from": s.from_on.isoformat(),
                      "until": s.until_on.isoformat() if s.until_on else None} for s in stays],
        "entries": [{
            "entry_id": e.entry_id, "kind": e.kind, "rule_key": e.rule_key,
            "occurred_on": e.occurred_on.isoformat(), "month": e.month,
            "recorded_at": as_utc(e.recorded_at).isoformat(), "actor": e.actor,
            "detail": json.loads(e.detail), "reversed_by": e.reversed_by,
            "reversal_reason": e.reversal_reason,
        } for e in entries],
    }


def members_of_branch(conn: Connection, branch_id: str, month: str,
                      as_of: datetime | None = None) -> list[str]:
    """Members who belong to the branch on the month's last day (as known at `as_of`)."""
    end = last_day(month)
    if as_of is None:
        rows = conn.execute(select(t.stints.c.member_id).where(
            t.stints.c.branch_id == branch_id, t.stints.c.from_on <= end,
            or_(t.stints.c.until_on.is_(None), t.stints.c.until_on > end)))
        return sorted({member_id for (member_id,) in rows})
    # A stay ends only where a transfer recorded by then starts the next one.
    known = t.stints.c.recorded_at <= utc_naive(as_of)
    ever_here = select(t.stints.c.member_id).where(t.stints.c.branch_id == branch_id, known)
    stays: dict[str, list[Any]] = {}
    for stay in conn.execute(select(t.stints).where(t.stints.c.member_id.in_(ever_here), known)
                             .order_by(t.stints.c.member_id, t.stints.c.seq)):
        stays.setdefault(stay.member_id, []).append(stay)
    found = set()
    for member_id, member_stays in stays.items():
        for stay, following in zip(member_stays, member_stays[1:] + [None]):
            until = following.from_on if following is not None else None
            if stay.branch_id == branch_id and stay.from_on <= end and (until is None or until > end):
                found.add(member_id)
    return sorted(found)


def competition_ranks(scored: list[tuple[str, Decimal]]) -> list[dict]:
    """Highest first; ties share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(scored, key=lambda pair: (-pair[1], pair[0]))
    ranked, previous, rank = [], None, 0
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = position, total
        ranked.append({"id": key, "total": total, "rank": rank})
    return ranked


def branch_member_ranking(conn: Connection, branch_id: str, month: str,
                          as_of: datetime | None = None) -> list[dict]:
    require_branch(conn, branch_id, as_of)
    people = members_of_branch(conn, branch_id, month, as_of)
    if as_of is not None:
        totals = {m: Decimal(str(member_month_score(conn, m, month, as_of)["total"])) for m in people}
    else:
        totals = {m: ZERO for m in people}
        if people:
            rows = conn.execute(select(t.member_months.c.member_id, t.member_months.c.total).where(
                and_(t.member_months.c.member_id.in_(people), t.member_months.c.month == month)))
            totals.update({m: Decimal(total) for m, total in rows})
    return [{"member_id": r["id"], "total": money(r["total"]), "rank": r["rank"]}
            for r in competition_ranks(list(totals.items()))]


def published_as_of(conn: Connection, month: str) -> datetime:
    """The moment a month's figures were published: the close. Later entries are late."""
    closed_at = conn.execute(select(t.month_closes.c.closed_at)
                             .where(t.month_closes.c.month == month)).scalar_one_or_none()
    if closed_at is None:
        raise NotFound(f"month {month} has not been closed, so nothing is published for it")
    return as_utc(closed_at)


def month_closes(conn: Connection) -> list[dict]:
    rows = conn.execute(select(t.month_closes).order_by(t.month_closes.c.month))
    result = []
    for row in rows:
        open_objections = conn.execute(select(t.objections.c.objection_id).where(
            t.objections.c.month == row.month, t.objections.c.resolved_at.is_(None))).scalars().all()
        result.append({
            "month": row.month, "closed_on": row.closed_on.isoformat(),
            "closed_at": as_utc(row.closed_at).isoformat(), "closed_by": row.actor,
            "notice_days": row.notice_days, "open_objections": sorted(open_objections),
            "sealed_at": as_utc(row.sealed_at).isoformat() if row.sealed_at else None,
            "seal_digest": row.seal_digest, "sealed_entries": row.sealed_entries,
            "event_range": [row.first_position, row.last_position] if row.sealed_at else None,
            "rule_books": json.loads(row.rule_books) if row.rule_books else None,
            "chain_anchor": {"position": row.chain_position, "hash": row.chain_hash} if row.sealed_at else None,
        })
    return result
