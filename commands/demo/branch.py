"""The branch half of the demo: monthly reviews, a veto, deductions and secretaries for an
organisation already built, and the report of branch stars, a downgrade, alerts and one
branch explained.

Everything goes through the application's commands, as a secretary, a general branch, a
committee and an inspector would record it; the report reads the same queries the
`score branch`, `stars`, `alerts`, `pay` and `explain branch` commands print.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Callable

from sqlalchemy import select

from commands.service.ledger import StarLedger
from ledger.dates import last_day, month_of
from projections import branch_queries, queries
from projections import tables as t
from projections.branch_explain import explain_branch_month

SECRETARY = "党支部书记"  # gives the self step
GENERAL_BRANCH = "党总支 审核组"  # gives the preliminary step
COMMITTEE = "党委 考评组"  # gives the final step and appoints secretaries
INSPECTOR = "纪委纪检委员 赵刚"  # records branch deductions and vetoes
HALF = Decimal("0.5")


def _points(rng: random.Random, top: int, quality: float) -> Decimal:
    """A score near quality x top, in half points, within 0..top."""
    raw = rng.gauss(quality * top, top * 0.06)
    return min(Decimal(top), max(Decimal(0), (Decimal(str(raw)) / HALF).quantize(Decimal(1)) * HALF))


def _branches(ledger: StarLedger, month: str) -> list[str]:
    with ledger.reading() as conn:
        rows = conn.execute(select(t.branches.c.branch_id).where(t.branches.c.established_on <= last_day(month))
                            .order_by(t.branches.c.branch_id))
        return [branch_id for (branch_id,) in rows]


def _appoint_secretaries(ledger: StarLedger, month: str) -> dict[str, str]:
    """The first member on each branch's roll at the end of the first month; full-time every other."""
    appointed = {}
    branches = _branches(ledger, month)
    with ledger.reading() as conn:
        rolls = {branch_id: queries.members_of_branch(conn, branch_id, month) for branch_id in branches}
    for index, branch_id in enumerate(branches):
        roll = rolls[branch_id]
        if roll:
            ledger.appoint_secretary(branch_id, roll[0], last_day(month), index % 2 == 0, COMMITTEE)
            appointed[branch_id] = roll[0]
    return appointed


def _review(ledger: StarLedger, rng: random.Random, branch_id: str, month: str, quality: float,
            final: bool) -> int:
    """Self, preliminary and (unless the month is still open) final steps; returns how many."""
    scores = {"organisation": _points(rng, 10, quality), "leadership": _points(rng, 20, quality),
              "support": _points(rng, 15, quality)}
    bonus = Decimal(rng.choice((0, 0, 0, 1, 2, 3)))
    ledger.assess(branch_id, month, "self", *scores.values(), SECRETARY, bonus, "自评")
    steps = 1
    trimmed = dict(scores)
    if rng.random() < 0.5:  # the general branch marks one dimension down
        name = rng.choice(list(trimmed))
        trimmed[name] = max(Decimal(0), trimmed[name] - Decimal(rng.choice((1, 2))))
    ledger.assess(branch_id, month, "preliminary", *trimmed.values(), GENERAL_BRANCH, bonus, "总支初审")
    steps += 1
    if final:
        ledger.assess(branch_id, month, "final", *trimmed.values(), COMMITTEE,
                      bonus if rng.random() < 0.8 else Decimal(0), "党委审定")
        steps += 1
    return steps


def add_branch_assessments(ledger: StarLedger, months: list[str], rng: random.Random,
                           progress: Callable[[int, int], None] | None = None) -> dict:
    """Record a year of branch reviews; the last month stays provisional for every third branch."""
    secretaries = _appoint_secretaries(ledger, months[0])
    steps = 0
    quality = {branch_id: rng.uniform(0.6, 0.97) for branch_id in _branches(ledger, months[-1])}
    for done, month in enumerate(months, start=1):
        for index, branch_id in enumerate(_branches(ledger, month)):
            still_open = month == months[-1] and index % 3 == 2
            steps += _review(ledger, rng, branch_id, month, quality[branch_id], final=not still_open)
        if progress is not None:
            progress(done, len(months))
    vetoed = (rng.choice(sorted(quality)), months[len(months) // 2])
    ledger.record_veto(*vetoed, "否决专项: 发生重大安全责任事故", "安全生产事故 (事故通报 2号)", INSPECTOR)
    deductions = []
    for _ in range(2):
        branch_id, month = rng.choice(sorted(quality)), rng.choice(months)
        points = Decimal(rng.choice((1, 2, 3)))
        ledger.record_branch_deduction(branch_id, month, points, "扣分项目: 材料报送不及时",
                                       "月度考评材料逾期报送", INSPECTOR)
        deductions.append({"branch_id": branch_id, "month": month, "points": float(points)})
    return {"secretaries": secretaries, "steps": steps, "veto": {"branch_id": vetoed[0], "month": vetoed[1]},
            "deductions": deductions}


def _a_downgrade(conn, year: str, month: str) -> dict | None:
    """The latest branch-month of the year with a member violation, preferring one that lost a star."""
    rows = conn.execute(select(t.branch_months).where(
        t.branch_months.c.month >= f"{year}-01", t.branch_months.c.month <= month,
        t.branch_months.c.violations > 0)).all()
    if not rows:
        return None
    row = max(rows, key=lambda r: (r.score_stars > r.stars, r.month, r.branch_id))
    return {"branch_id": row.branch_id, "month": row.month, "from_score": row.score_stars, "after": row.stars,
            "violations": row.violations, "vetoed": row.vetoed}


def branch_report(ledger: StarLedger, month: str) -> dict:
    """Stars for the year, the month's ranking and pay, a downgrade, alerts, one branch explained."""
    current = month_of(ledger.today())
    year = month[:4]
    with ledger.reading() as conn:
        ranked = branch_queries.branch_stars(conn, month, current)
        annual = [branch_queries.branch_year_score(conn, row["branch_id"], int(year), current) for row in ranked]
        alerts = branch_queries.month_alerts(conn, month, current)
        if not alerts:  # show the latest alert of the year if the month raised none
            latest = conn.execute(select(t.alerts.c.month).where(
                t.alerts.c.month >= f"{year}-01", t.alerts.c.month <= month)
                .order_by(t.alerts.c.month.desc())).first()
            alerts = branch_queries.month_alerts(conn, latest.month, current) if latest else []
        lowest = min(ranked, key=lambda row: (row["total"], row["branch_id"]))
        return {
            "month": month, "stars": ranked,
            "annual": [{"branch_id": a["branch_id"], "mean": a["mean"], "stars": a["stars"]} for a in annual],
            "pay": branch_queries.secretary_pay(conn, month, current),
            "downgrade": _a_downgrade(conn, year, month), "alerts": alerts,
            "explained": explain_branch_month(conn, lowest["branch_id"], month, current),
        }
