"""Pure scoring of member entries under the rule book in force on each entry's date.

One function serves the projection, the explanation and every as-of replay, so a figure
and its explanation can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ledger.rule_book_content import PARTS, RuleBookShelf

ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    """One scorable fact about a member, as recorded."""

    entry_id: str
    kind: str
    rule_key: str
    value: Decimal  # multiplier of the rule's points: 1, or the rating given
    occurred_on: date
    month: str  # the month it counts in (dues and ratings: the month they are for)
    recorded_at: datetime
    actor: str
    sequence: int  # position in the event log: the recorded order
    reversed: bool = False
    late: bool = False


@dataclass(frozen=True)
class ScoredLine:
    line: Line
    rule_book: str
    clause: str
    part: str
    points: Decimal
    capped: bool


@dataclass(frozen=True)
class MonthScore:
    month: str
    lines: tuple[ScoredLine, ...]
    parts: dict[str, Decimal]
    total: Decimal
    capped: int
    reversed: int
    rule_books: tuple[str, ...]


def scoring_order(line: Line) -> tuple:
    return (line.month, line.occurred_on, line.sequence)


def score_lines(lines: list[Line], shelf: RuleBookShelf) -> list[ScoredLine]:
    """Score a member's lines; caps run per calendar month and year in occurrence order.

    Pass every line of the years concerned: an annual cap depends on the earlier months.
    """
    used_month: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    used_year: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    scored = []
    for line in sorted(lines, key=scoring_order):
        book = shelf.in_force(line.occurred_on)
        rule = book.member.rules[line.rule_key]
        full = rule.points * line.value
        points, capped = full, False
        if line.reversed:
            points = ZERO
        elif rule.cap is not None and full > 0:
            cap = book.member.caps[rule.cap]
            month_key, year_key = (rule.cap, line.month), (rule.cap, line.month[:4])
            room = full
            if cap.monthly is not None:
                room = min(room, max(ZERO, cap.monthly - used_month[month_key]))
            if cap.annual is not None:
                room = min(room, max(ZERO, cap.annual - used_year[year_key]))
            points, capped = room, room < full
            used_month[month_key] += points
            used_year[year_key] += points
        scored.append(ScoredLine(line, book.version, rule.clause, rule.part, points, capped))
    return scored


def summarise_month(month: str, scored: list[ScoredLine]) -> MonthScore:
    lines = tuple(item for item in scored if item.line.month == month)
    parts = {part: ZERO for part in PARTS}
    for item in lines:
        parts[item.part] += item.points
    return MonthScore(
        month=month,
        lines=lines,
        parts=parts,
        total=sum(parts.values(), ZERO),
        capped=sum(1 for item in lines if item.capped),
        reversed=sum(1 for item in lines if item.line.reversed),
        rule_books=tuple(sorted({item.rule_book for item in lines})),
    )


def score_months(lines: list[Line], shelf: RuleBookShelf) -> dict[str, MonthScore]:
    scored = score_lines(lines, shelf)
    months = sorted({line.month for line in lines})
    return {month: summarise_month(month, scored) for month in months}
