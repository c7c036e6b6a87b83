"""The branch-month projection: scores, stars, ranks within category, last-place streaks, pay.

Rows exist for every branch from its establishment month up to the horizon (the latest
business month any event reaches), so rankings and streaks never miss a quiet month.
After each page the stale months are recomputed for all branches at once (a rank depends
on the others of the category), then streaks and their alerts are carried forward until
they stop changing. A rebuild computes every month once, at the end.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from ledger.assessment import BranchScore, score_branch_month
from ledger.dates import last_day, month_of, months_between, next_month
from ledger.rule_book_content import RuleBookShelf
from ledger.standing import BRANCH_ALERTS, Alert, branch_streak_alerts, last_place
from projections import impact
from projections import tables as t
from projections.as_of import AsOf
from projections.branch_fold import LedgerFold, read_horizon
from projections.branch_inputs import load_month
from ledger.driver_rows import insert_rows
from projections.member_alerts import refresh_member_alerts
from projections.queries import competition_ranks
from projections.rescore import load_shelf


# A preview (--dry-run) lists the branch-months whose total or stars a write would change.
impact.register_figure(t.branch_months, "branch_month", ("branch_id", "month"), "total_shown", ("stars",))


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def shown(value: Fraction) -> Decimal:
    """The figure as published: rounded half to even to 2 decimals, exactly."""
    rounded = round(value, 2)
    return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(Decimal("0.01"))


def score_month(conn: Connection, month: str, shelf: RuleBookShelf, as_of: AsOf | None = None) -> list[BranchScore]:
    book = shelf.in_force(last_day(month))
    return [score_branch_month(facts, book) for facts in load_month(conn, month, as_of=as_of)]


def month_rows(conn: Connection, month: str, shelf: RuleBookShelf,
               streaks: dict[str, int], as_of: AsOf | None = None) -> list[dict]:
    """Rows for every branch of the month; `streaks` holds last month's streak per branch."""
    scores = score_month(conn, month, shelf, as_of)
    ranks: dict[str, int] = {}
    last: set[str] = set()
    for category in sorted({s.facts.category for s in scores}):
        ranked = competition_ranks([(s.facts.branch_id, s.total) for s in scores if s.facts.category == category])
        in_category = {r["id"]: r["rank"] for r in ranked}
        ranks.update(in_category)
        last |= last_place(in_category)
    rows = []
    for s in scores:
        b = s.facts.branch_id
        secretary = s.facts.secretary
        rows.append(dict(
            branch_id=b, month=month, category=s.facts.category, rule_book=s.rule_book,
            **{name: exact(points) for name, points in s.dimensions.items()},
            bonus=exact(s.bonus), deductions=exact(s.deductions), total=exact(s.total),
            total_shown=shown(s.total),
            provisional=s.provisional, score_stars=s.score_stars, stars=s.stars, tier=s.tier,
            grade=s.grade, vetoed=s.vetoed, violations=len(s.facts.violations), rank=ranks[b],
            last_place=b in last, streak=streaks.get(b, 0) + 1 if b in last else 0,
            secretary=secretary.member_id if secretary else None,
            full_time=secretary.full_time if secretary else None,
            coefficient=exact(s.coefficient), pay_factor=exact(s.pay_factor)))
    return rows


def stored_streaks(conn: Connection, month: str) -> dict[str, int]:
    return dict(conn.execute(select(t.branch_months.c.branch_id, t.branch_months.c.streak)
                             .where(t.branch_months.c.month == month)).all())


def streak_alerts(rows: list[dict], shelf: RuleBookShelf) -> list[Alert]:
    alerts: list[Alert] = []
    for row in rows:
        if row["streak"]:
            rules = shelf.in_force(last_day(row["month"])).branch
            alerts += branch_streak_alerts(row["branch_id"], row["month"], row["streak"], row["category"],
                                           rules.last_place_criticism, rules.last_place_admonishment)
    return alerts


def write_months(conn: Connection, stale: set[str], horizon: str, shelf: RuleBookShelf) -> None:
    """Recompute the stale months, then carry streaks forward until nothing changes."""
    if not stale:
        return
    earliest = min(stale)
    streaks = stored_streaks(conn, previous_month(earliest))
    alerts: list[Alert] = []
    month = earliest
    while month <= horizon:
        if month in stale:
            rows = month_rows(conn, month, shelf, streaks)
            conn.execute(delete(t.branch_months).where(t.branch_months.c.month == month))
            if rows:
                insert_rows(conn, t.branch_months, rows)
        else:
            rows = [dict(r._mapping) for r in conn.execute(
                select(t.branch_months.c.branch_id, t.branch_months.c.month, t.branch_months.c.category,
                       t.branch_months.c.last_place, t.branch_months.c.streak)
                .where(t.branch_months.c.month == month))]
            changed = []
            for row in rows:
                streak = streaks.get(row["branch_id"], 0) + 1 if row["last_place"] else 0
                if streak != row["streak"]:
                    row["streak"] = streak
                    changed.append({"b": row["branch_id"], "s": streak})
            if changed:
                conn.execute(update(t.branch_months).where(
                    t.branch_months.c.branch_id == bindparam("b"), t.branch_months.c.month == month)
                    .values(streak=bindparam("s")), changed)
            elif month > max(stale):
                break  # streaks from here on are as stored, and so are their alerts
        alerts += streak_alerts(rows, shelf)
        streaks = {row["branch_id"]: row["streak"] for row in rows}
        month = next_month(month)
    conn.execute(delete(t.alerts).where(t.alerts.c.kind.in_(BRANCH_ALERTS), t.alerts.c.month >= earliest,
                                        t.alerts.c.month < month))
    if alerts:
        insert_rows(conn, t.alerts, [asdict(a) for a in alerts])


def first_month(conn: Connection) -> str | None:
    first = conn.execute(select(func.min(t.branches.c.established_on))).scalar_one_or_none()
    return month_of(first) if first is not None else None


def refresh(conn: Connection, fold: LedgerFold, defer: bool = False) -> None:
    """After a page: recompute the branch-months and alerts the page made stale, with those an
    earlier write left stale; or, with `defer`, only note them for the next branch read (a
    month's ranks take every branch of the month, too much for each single write)."""
    before, horizon, start = fold.horizon_before, fold.horizon_after, first_month(conn)
    if horizon is None or start is None:
        return
    stale = set(fold.months)
    for month in fold.member_months:  # an annual cap carries a change to the year's later months
        stale.update(months_between(month, f"{month[:4]}-12"))
    from_month = fold.months_from
    grew = before is None or horizon > before
    if grew:
        from_month = min(from_month or horizon, next_month(before) if before else start)
    if from_month is not None:
        stale.update(months_between(max(from_month, start), horizon))
    shelf = load_shelf(conn)
    stale = {m for m in stale if start <= m <= horizon}
    if defer:
        note_stale(conn, stale)
    else:
        write_months(conn, stale | take_stale(conn), horizon, shelf)
    members = None if grew or fold.all_members else fold.members
    if members is None or members:
        refresh_member_alerts(conn, members, horizon, shelf)


def note_stale(conn: Connection, months: set[str]) -> None:
    noted = set(conn.execute(select(t.stale_branch_months.c.month)).scalars())
    if months - noted:
        insert_rows(conn, t.stale_branch_months, [{"month": m} for m in sorted(months - noted)])


def take_stale(conn: Connection) -> set[str]:
    """The months left stale by writes, removed from the list (the caller recomputes them)."""
    months = set(conn.execute(select(t.stale_branch_months.c.month)).scalars())
    if months:
        conn.execute(delete(t.stale_branch_months))
    return months


def settle(conn: Connection) -> bool:
    """Recompute the branch-months writes left stale; whether there were any."""
    months = take_stale(conn)
    horizon, start = read_horizon(conn), first_month(conn)
    if not months or horizon is None or start is None:
        return bool(months)
    write_months(conn, {m for m in months if start <= m <= horizon}, horizon, load_shelf(conn))
    return True


def refresh_all(conn: Connection) -> None:
    """The whole projection, once, at the end of a rebuild."""
    horizon, start = read_horizon(conn), first_month(conn)
    if horizon is None or start is None:
        return
    shelf = load_shelf(conn)
    write_months(conn, set(months_between(start, horizon)), horizon, shelf)
    refresh_member_alerts(conn, None, horizon, shelf)


def rows_for(conn: Connection, month: str, shelf: RuleBookShelf | None = None,
             as_of: AsOf | None = None) -> list[dict[str, Any]]:
    """Rows of a month: as stored up to the horizon, computed (not stored) past it, or
    computed from only what was recorded by the moment `as_of`."""
    if as_of is not None:
        return rows_as_of(conn, month, as_of)
    horizon = read_horizon(conn)
    if horizon is not None and month <= horizon:
        return [dict(r._mapping) for r in conn.execute(
            select(t.branch_months).where(t.branch_months.c.month == month))]
    start = first_month(conn)
    if start is None or month < start:
        return []
    shelf = shelf or load_shelf(conn)
    streaks = stored_streaks(conn, horizon) if horizon else {}
    rows: list[dict] = []
    for current in months_between(max(start, next_month(horizon) if horizon else start), month):
        rows = month_rows(conn, current, shelf, streaks)
        streaks = {row["branch_id"]: row["streak"] for row in rows}
    return rows


def rows_as_of(conn: Connection, month: str, as_of: AsOf) -> list[dict[str, Any]]:
    """Rows of a month as they stood at a moment, computed and never stored; a branch's
    last-place streak is counted back month by month for as long as it stayed last."""
    rows = month_rows(conn, month, as_of.shelf, {}, as_of)
    streaks = {row["branch_id"]: 1 for row in rows if row["last_place"]}
    still_last, earlier, start = set(streaks), month, first_month(conn)
    while still_last and start is not None and earlier > start:
        earlier = previous_month(earlier)
        still_last &= {row["branch_id"] for row in month_rows(conn, earlier, as_of.shelf, {}, as_of)
                       if row["last_place"]}
        for branch_id in still_last:
            streaks[branch_id] += 1
    for row in rows:
        row["streak"] = streaks.get(row["branch_id"], 0)
    return rows
