"""The committee dashboard's figures: stars by category, each category's monthly mean score
over the year, the month's last places, alerts and pay link. Every list is passed through
`keep` (the caller's scope) before anything is counted, so nothing outside it is counted."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable

from sqlalchemy.engine import Connection

from ledger.dates import months_between
from projections.branch_queries import branch_stars, figure, month_alerts, secretary_pay
from projections.branch_scores import rows_for

Keep = Callable[..., list[dict]]


def dashboard(conn: Connection, month: str, current_month: str, keep: Keep) -> dict:
    rows = keep(branch_stars(conn, month, current_month))
    categories = sorted({row["category"] for row in rows})
    counts = Counter((row["category"], row["stars"]) for row in rows)
    distribution = {category: [counts[(category, stars)] for stars in range(1, 6)] for category in categories}
    trend: dict[str, dict[str, float]] = defaultdict(dict)
    months = months_between(f"{month[:4]}-01", month)
    for each in months:
        totals: dict[str, list[float]] = defaultdict(list)
        for row in (rows if each == month else keep(branch_stars(conn, each, current_month))):
            totals[row["category"]].append(row["total"])
        for category, values in totals.items():
            trend[category][each] = round(sum(values) / len(values), 2)
    last = keep([{"branch_id": row["branch_id"], "category": row["category"], "total": figure(row["total"]),
                  "stars": row["stars"], "streak": row["streak"]}
                 for row in rows_for(conn, month) if row["last_place"]])
    return {"month": month, "months": months, "categories": categories, "distribution": distribution,
            "trend": {category: [trend[category].get(each) for each in months] for category in categories},
            "last_place": last,
            "alerts": keep(month_alerts(conn, month, current_month), "subject_id", "subject_id"),
            "pay": keep(secretary_pay(conn, month, current_month))}
