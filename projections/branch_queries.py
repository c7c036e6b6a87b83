"""Read queries for branches: month and year scores, stars by category, alerts and secretary pay.

Figures are exact fractions inside and rounded to 2 decimals only here, on the way out.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ledger.assessment import annual_stars
from ledger.dates import last_day, month_of, months_between
from ledger.errors import Refused
from ledger.rule_book_content import DIMENSIONS
from ledger.standing import MEMBER_ALERTS, Alert
from projections import tables as t
from projections.as_of import AsOf
from projections.branch_fold import read_horizon
from projections.branch_scores import previous_month, rows_for, streak_alerts
from projections.member_alerts import compute_member_alerts
from projections.queries import require_branch
from projections.rescore import load_shelf


def figure(value: Fraction | str | int | None) -> float | None:
    """Round half to even, exactly, to 2 decimals for JSON and tables."""
    return None if value is None else float(round(Fraction(value), 2))


def moment(conn: Connection, as_of: datetime | None) -> AsOf | None:
    return None if as_of is None else AsOf.at(conn, as_of)


def check_branch_month(conn: Connection, branch_id: str, month: str, current_month: str,
                       as_of: AsOf | None = None) -> Any:
    branch = require_branch(conn, branch_id, as_of.cutoff if as_of else None)
    if month > current_month:
        raise Refused(f"month {month} is after the current month")
    if last_day(month) < branch.established_on:
        raise Refused(f"branch {branch_id} was established on {branch.established_on}; "
                      f"it has no score for {month}")
    return branch


def check_month(month: str, current_month: str) -> None:
    if month > current_month:
        raise Refused(f"month {month} is after the current month")


def branch_row(conn: Connection, branch_id: str, month: str, as_of: AsOf | None = None) -> dict:
    return next(row for row in rows_for(conn, month, as_of=as_of) if row["branch_id"] == branch_id)


def branch_month_score(conn: Connection, branch_id: str, month: str, current_month: str,
                       as_of: datetime | None = None) -> dict:
    """The month's figures as projected, or as they stood at the moment `as_of`."""
    at = moment(conn, as_of)
    check_branch_month(conn, branch_id, month, current_month, at)
    row = branch_row(conn, branch_id, month, at)
    return {"branch_id": branch_id, "month": month, "total": figure(row["total"]),
            "dimensions": {name: figure(row[name]) for name in DIMENSIONS},
            "bonus": figure(row["bonus"]), "deductions": figure(row["deductions"]),
            "provisional": row["provisional"], "stars": row["stars"], "tier": row["tier"],
            "grade": row["grade"]}


def branch_year_score(conn: Connection, branch_id: str, year: int, current_month: str,
                      as_of: datetime | None = None) -> dict:
    """Stars of the mean monthly score, from establishment to December or the last complete month."""
    at = moment(conn, as_of)
    branch = require_branch(conn, branch_id, at.cutoff if at else None)
    first = max(f"{year:04d}-01", month_of(branch.established_on))
    last = min(f"{year:04d}-12", previous_month(current_month))  # complete months only
    if first > last:
        raise Refused(f"branch {branch_id} has no complete month in {year}")
    rows = {}
    for month in months_between(first, last):
        rows[month] = branch_row(conn, branch_id, month, at)
    shelf = at.shelf if at else load_shelf(conn)
    rules = shelf.in_force(last_day(last)).branch
    mean, stars = annual_stars([Fraction(r["total"]) for r in rows.values()],
                               any(r["vetoed"] for r in rows.values()), rules)
    return {"branch_id": branch_id, "year": year, "mean": figure(mean), "stars": stars,
            "months": {month: figure(row["total"]) for month, row in rows.items()}}


def branch_stars(conn: Connection, month: str, current_month: str, category: str | None = None,
                 as_of: datetime | None = None) -> list[dict]:
    check_month(month, current_month)
    at = moment(conn, as_of)
    if category is not None:
        categories = (at.shelf if at else load_shelf(conn)).in_force(last_day(month)).categories
        if category not in categories:
            raise Refused(f"category '{category}' is not one of {', '.join(categories)}")
    rows = [row for row in rows_for(conn, month, as_of=at) if category is None or row["category"] == category]
    rows.sort(key=lambda row: (row["category"], row["rank"], row["branch_id"]))
    return [{"branch_id": row["branch_id"], "category": row["category"], "total": figure(row["total"]),
             "stars": row["stars"], "rank": row["rank"]} for row in rows]


def month_alerts(conn: Connection, month: str, current_month: str) -> list[dict]:
    check_month(month, current_month)
    horizon = read_horizon(conn)
    if horizon is not None and month <= horizon:
        alerts = [Alert(r.kind, r.subject_id, r.month, r.detail)
                  for r in conn.execute(select(t.alerts).where(t.alerts.c.month == month))]
    else:  # past the horizon nothing is stored yet: compute, do not store
        shelf = load_shelf(conn)
        alerts = streak_alerts(rows_for(conn, month, shelf), shelf) if shelf else []
        if shelf:
            alerts += [a for a in compute_member_alerts(conn, None, month, shelf) if a.month == month]
    order = {kind: n for n, kind in enumerate(("criticism_notice", "admonishment_talk") + MEMBER_ALERTS)}
    alerts.sort(key=lambda a: (order.get(a.kind, 99), a.subject_id))
    return [{"kind": a.kind, "subject_id": a.subject_id, "month": a.month, "detail": a.detail} for a in alerts]


def secretary_pay(conn: Connection, month: str, current_month: str) -> list[dict]:
    check_month(month, current_month)
    rows = sorted((row for row in rows_for(conn, month) if row["secretary"]), key=lambda r: r["branch_id"])
    return [{"branch_id": row["branch_id"], "secretary": row["secretary"],
             "coefficient": figure(row["coefficient"]), "pay_factor": figure(row["pay_factor"])}
            for row in rows]


def vetoed(conn: Connection, months: list[str], as_of: datetime | None = None) -> set[tuple[str, str]]:
    """The (branch, month) pairs among `months` whose star a veto set to 1, as of the moment asked."""
    at = moment(conn, as_of)
    return {(row["branch_id"], month) for month in months for row in rows_for(conn, month, as_of=at)
            if row["vetoed"]}
