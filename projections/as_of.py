"""A past moment for the branch figures (DOMAIN §9): only rows recorded by then count.

Branch-months asked "as of" are computed on the fly by the same code the projection uses;
what the projection stores pre-computed (members' monthly totals) is re-scored here from
the member lines recorded by the moment, with the rule books published by then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select, true
from sqlalchemy.engine import Connection

from ledger.rule_book_content import RuleBookShelf
from ledger.scoring import score_months
from projections import tables as t
from projections.events import utc_naive
from projections.rescore import load_shelf, to_line


def visible(table: Any, cutoff: datetime | None) -> Any:
    """Rows recorded by the cutoff (all rows without one)."""
    return true() if cutoff is None else table.c.recorded_at <= cutoff


def live(table: Any, cutoff: datetime | None) -> Any:
    """Rows recorded by the cutoff and not reversed by then: a later reversal does not count yet."""
    if cutoff is None:
        return table.c.reversed_by.is_(None)
    return and_(table.c.recorded_at <= cutoff,
                or_(table.c.reversed_by.is_(None), table.c.reversed_at > cutoff))


def reversed_by(row: Any, cutoff: datetime | None) -> str | None:
    """The row's reversal, if it was recorded by the cutoff."""
    if row.reversed_by is None or (cutoff is not None and row.reversed_at > cutoff):
        return None
    return row.reversed_by


@dataclass
class AsOf:
    """The moment (naive UTC, as stored), the rule books published by then, and the members'
    monthly totals re-scored from their lines, one year at a time."""

    cutoff: datetime
    shelf: RuleBookShelf
    _years: dict[str, dict[tuple[str, str], Decimal]] = field(default_factory=dict)

    @classmethod
    def at(cls, conn: Connection, moment: datetime) -> "AsOf":
        cutoff = utc_naive(moment)
        return cls(cutoff, load_shelf(conn, cutoff))

    def member_totals(self, conn: Connection, month: str) -> dict[str, Decimal]:
        """Every member's total for the month; a year is scored whole, for its annual caps."""
        year = month[:4]
        if year not in self._years:
            lines: dict[str, list] = defaultdict(list)
            for row in conn.execute(select(t.entries).where(
                    t.entries.c.month >= f"{year}-01", t.entries.c.month <= f"{year}-12",
                    t.entries.c.recorded_at <= self.cutoff)):
                lines[row.member_id].append(to_line(row, self.cutoff))
            self._years[year] = {(member_id, scored_month): score.total
                                 for member_id, member_lines in lines.items()
                                 for scored_month, score in score_months(member_lines, self.shelf).items()}
        return {member_id: total for (member_id, scored), total in self._years[year].items()
                if scored == month}
