"""The explanation of a branch-month: every dimension with its inputs, every review step,
deduction and veto with its entry, the stars before and after downgrade, and the rule book.

It is computed by the same pure function as the projected row, so the two cannot disagree;
`exact` carries the unrounded figures, which add up to the total exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from ledger.assessment import ASSESSED, BranchScore, Step, score_branch_month
from ledger.dates import last_day
from ledger.rule_book_content import DIMENSIONS
from projections.branch_inputs import load_month
from projections.branch_queries import branch_row, check_branch_month, figure, moment
from projections.events import as_utc
from projections.rescore import load_shelf

STEP_FIELDS = ASSESSED + ("bonus",)


def _steps(steps: tuple[Step, ...]) -> list[dict]:
    shown, previous = [], None
    for step in sorted(steps, key=lambda s: s.sequence):
        values = {name: getattr(step, name) for name in STEP_FIELDS}
        changed = {} if previous is None else {
            name: {"from": figure(previous[name]), "to": figure(values[name])}
            for name in STEP_FIELDS if previous[name] != values[name]}
        shown.append({"step": step.step, **{name: figure(v) for name, v in values.items()},
                      "comment": step.comment, "actor": step.actor,
                      "recorded_at": as_utc(step.recorded_at).isoformat(), "changed": changed,
                      "late": step.late_reason is not None, "late_reason": step.late_reason})
        previous = values
    return shown


def _dimensions(score: BranchScore, rules: Any) -> dict[str, dict]:
    shown: dict[str, dict] = {}
    step = score.counted_step
    for name in DIMENSIONS:
        entry: dict[str, Any] = {"points": figure(score.dimensions[name]),
                                 "max": figure(rules.dimensions[name].max),
                                 "exact": str(score.dimensions[name])}
        if name in ASSESSED:
            entry.update(source="assessed", step=step.step if step else None,
                         given_by=step.actor if step else None)
        else:
            entry["source"] = "auto"
        shown[name] = entry
    membership = score.inputs["membership"]
    shown["membership"].update(
        members=membership["members"], mean=figure(membership["mean"]),
        full_mean=figure(membership["full_mean"]),
        member_totals={m: figure(v) for m, v in membership["member_totals"].items()},
        formula="max × clamp(mean ÷ full_mean, 0, 1)")
    inst = score.inputs["institutions"]
    committee, attendance, dues = inst["committee_meeting"], inst["attendance"], inst["dues"]
    shown["institutions"].update(
        committee_meeting={"points": figure(committee["points"]), "held": committee["held"],
                           "meetings": committee["meetings"]},
        attendance={"points": figure(attendance["points"]), "attended": attendance["attended"],
                    "listed": attendance["listed"], "rate": figure(attendance["rate"]),
                    "target": figure(attendance["target"]), "meetings": attendance["meetings"],
                    "text": f"{attendance['attended']} of {attendance['listed']} = "
                            f"{figure(attendance['rate'] * 100)}%"},
        dues={"points": figure(dues["points"]), "on_time": dues["on_time"], "members": dues["members"],
              "text": f"dues on time {dues['on_time']} of {dues['members']}"},
        capped_at_max=inst["capped_at_max"])
    shown["discipline"].update(
        per_violation=figure(score.inputs["discipline"]["per_violation"]),
        violations=[{"entry_id": v.entry_id, "member_id": v.member_id, "occurred_on": v.occurred_on.isoformat(),
                     "late": v.late_reason is not None, "late_reason": v.late_reason}
                    for v in score.facts.violations])
    return shown


def _entries(score: BranchScore, kind: str) -> list[dict]:
    """Deductions or vetoes; late if recorded, or reversed, after the month was closed."""
    return [{"entry_id": e.entry_id, **({"points": figure(e.points)} if kind == "deduction" else {}),
             "clause": e.clause, "reason": e.reason, "actor": e.actor,
             "recorded_at": as_utc(e.recorded_at).isoformat(), "reversed": e.reversed_by is not None,
             "reversed_by": e.reversed_by, "reversal_reason": e.reversal_reason,
             "late": e.late_reason is not None or e.reversal_late_reason is not None,
             "late_reason": e.late_reason or e.reversal_late_reason}
            for e in score.facts.entries if e.kind == kind]


def explain_branch_month(conn: Connection, branch_id: str, month: str, current_month: str,
                         as_of: datetime | None = None) -> dict:
    """Every figure of a branch-month, from every row or from those recorded by `as_of`."""
    at = moment(conn, as_of)
    check_branch_month(conn, branch_id, month, current_month, at)
    shelf = at.shelf if at else load_shelf(conn)
    book = shelf.in_force(last_day(month))
    rules = book.branch
    (facts,) = load_month(conn, month, [branch_id], at)
    score = score_branch_month(facts, book)
    row = branch_row(conn, branch_id, month, at)
    secretary = facts.secretary
    return {
        "branch_id": branch_id, "month": month, "as_of": as_utc(at.cutoff).isoformat() if at else None,
        "category": facts.category, "rule_book": book.version,
        "provisional": score.provisional, "members": sorted(facts.member_totals),
        "dimensions": _dimensions(score, rules),
        "assessment": {"counted_step": score.counted_step.step if score.counted_step else None,
                       "steps": _steps(facts.steps)},
        "bonus": figure(score.bonus),
        "deductions": {"points": figure(score.deductions), "entries": _entries(score, "deduction")},
        "vetoes": _entries(score, "veto"),
        "sum": figure(score.raw_total), "ceiling": figure(score.ceiling), "total": figure(score.total),
        "exact": {"bonus": str(score.bonus), "deductions": str(score.deductions),
                  "sum": str(score.raw_total), "total": str(score.total)},
        "stars": {"from_score": score.score_stars, "after": score.stars, "downgraded": score.downgraded,
                  "vetoed": score.vetoed, "reasons": score.reasons},
        "thresholds": {"stars": [{"min": figure(th.min), "stars": th.stars} for th in rules.stars],
                       "grades": [{"min": figure(th.min), "grade": th.grade} for th in rules.grades],
                       "tiers": dict(rules.tiers)},
        "tier": score.tier, "grade": score.grade, "rank": row["rank"], "last_place": row["last_place"],
        "last_place_streak": row["streak"],
        "secretary": None if secretary is None else {
            "member_id": secretary.member_id, "since": secretary.since.isoformat(),
            "kind": "full_time" if secretary.full_time else "part_time",
            "coefficient": figure(score.coefficient), "pay_factor": figure(score.pay_factor)},
    }
