"""Recomputing members' monthly score rows from their lines, with the pure scoring function."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.engine import Connection

from ledger.dates import first_day, last_day
from ledger.rule_book_content import RuleBookShelf, parse_rule_book
from ledger.scoring import Line, score_months
from projections import tables as t
from ledger.driver_rows import insert_rows

CHUNK = 500


@lru_cache(maxsize=64)
def parsed_rule_book(body: str) -> Any:
    """Rule books never change once published, so each text is validated once per process."""
    return parse_rule_book(json.loads(body))


def load_shelf(conn: Connection, as_of: datetime | None = None) -> RuleBookShelf:
    query = select(t.rule_books.c.effective_on, t.rule_books.c.sequence, t.rule_books.c.body)
    if as_of is not None:
        query = query.where(t.rule_books.c.recorded_at <= as_of)
    return RuleBookShelf([(eff, seq, parsed_rule_book(body)) for eff, seq, body in conn.execute(query)])


def to_line(row: Any, as_of: datetime | None = None) -> Line:
    reversed_ = row.reversed_by is not None and (as_of is None or row.reversed_at <= as_of)
    return Line(entry_id=row.entry_id, kind=row.kind, rule_key=row.rule_key,
                value=Decimal(row.value), occurred_on=row.occurred_on, month=row.month,
                recorded_at=row.recorded_at, actor=row.actor, sequence=row.sequence,
                reversed=reversed_)


def branch_for_month(member_stints: list[Any], month: str) -> str | None:
    """The branch on the month's last day, else the last one the member was in that month."""
    end = last_day(month)
    chosen = None
    for stint in member_stints:
        if stint.from_on <= end:
            chosen = stint.branch_id
            if stint.until_on is None or stint.until_on > end:
                return stint.branch_id
    return chosen


def rescore(conn: Connection, dirty: dict[str, str], shelf: RuleBookShelf) -> None:
    """Replace the member-month rows of each member from the given month's year onwards.

    Whole years are rescored because an annual cap makes a month depend on earlier ones.
    """
    items = sorted(dirty.items())
    for start in range(0, len(items), CHUNK):
        chunk = dict(items[start:start + CHUNK])
        since = {member_id: month[:4] + "-01" for member_id, month in chunk.items()}
        _rescore_chunk(conn, since, shelf)


def _since_clause(column_member: Any, column_month: Any, since: dict[str, str]) -> Any:
    by_start: dict[str, list[str]] = {}
    for member_id, month in since.items():
        by_start.setdefault(month, []).append(member_id)
    return or_(*[and_(column_member.in_(ids), column_month >= month) for month, ids in by_start.items()])


def _rescore_chunk(conn: Connection, since: dict[str, str], shelf: RuleBookShelf) -> None:
    lines: dict[str, list[Line]] = {member_id: [] for member_id in since}
    rows = conn.execute(select(t.entries).where(
        _since_clause(t.entries.c.member_id, t.entries.c.month, since)))
    for row in rows:
        lines[row.member_id].append(to_line(row))
    stints: dict[str, list[Any]] = {member_id: [] for member_id in since}
    for row in conn.execute(select(t.stints).where(t.stints.c.member_id.in_(list(since)))
                            .order_by(t.stints.c.member_id, t.stints.c.seq)):
        stints[row.member_id].append(row)
    conn.execute(delete(t.member_months).where(
        _since_clause(t.member_months.c.member_id, t.member_months.c.month, since)))
    new_rows = list(_month_rows(lines, stints, shelf))
    if new_rows:
        insert_rows(conn, t.member_months, new_rows)


def _month_rows(lines: dict[str, list[Line]], stints: dict[str, list[Any]],
                shelf: RuleBookShelf) -> Iterable[dict]:
    for member_id, member_lines in lines.items():
        for month, score in score_months(member_lines, shelf).items():
            yield dict(member_id=member_id, month=month,
                       branch_id=branch_for_month(stints[member_id], month),
                       obligations=score.parts["obligations"], role=score.parts["role"],
                       excellence=score.parts["excellence"], deductions=score.parts["deductions"],
                       total=score.total, capped=score.capped, reversed=score.reversed,
                       rule_book=", ".join(score.rule_books))


def members_with_entries_since(conn: Connection, month: str | None = None) -> dict[str, str]:
    """Members with an entry counted in `month` or later, or occurring on or after its first day
    (dues paid late occur after the month they count in), each with the earliest such month.

    Without a month: every member with an entry.
    """
    query = select(t.entries.c.member_id, func.min(t.entries.c.month)).group_by(t.entries.c.member_id)
    if month is not None:
        query = query.where(or_(t.entries.c.month >= month, t.entries.c.occurred_on >= first_day(month)))
    return {member_id: earliest for member_id, earliest in conn.execute(query)}
