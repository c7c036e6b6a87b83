"""Pure scoring of a branch-month (DOMAIN §4-6): dimensions, total, stars, tier, grade, pay.

Every figure is an exact Fraction: "branch figures are computed exactly and shown to
2 decimals; thresholds compare the exact total". Every number comes from the rule book's
`branch` section, never from a constant here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from ledger.errors import Refused
from ledger.rule_book_content import DIMENSIONS, BranchRules, RuleBookBody
from ledger.terms import STEPS

ASSESSED = ("organisation", "leadership", "support")
AUTO = ("membership", "institutions", "discipline")
ZERO = Fraction(0)


def check_assessment(rules: BranchRules, scores: dict[str, Decimal], bonus: Decimal) -> None:
    """Refuse a score outside 0..its dimension's maximum, or a bonus outside 0..bonus_max."""
    for name in ASSESSED:
        top = rules.dimensions[name].max
        if not Decimal(0) <= scores[name] <= top:
            raise Refused(f"{name} {scores[name]} is outside 0-{top}, the dimension's maximum")
    if not Decimal(0) <= bonus <= rules.bonus_max:
        raise Refused(f"bonus {bonus} is outside 0-{rules.bonus_max}")


# --- the facts of one branch-month ---------------------------------------------------------

@dataclass(frozen=True)
class Step:
    step: str
    organisation: Decimal
    leadership: Decimal
    support: Decimal
    bonus: Decimal
    comment: str
    actor: str
    recorded_at: datetime
    sequence: int
    late_reason: str | None = None  # given after the month was closed


@dataclass(frozen=True)
class BranchEntry:
    """A deduction (with points) or a veto recorded by an inspector."""

    entry_id: str
    kind: str  # "deduction" | "veto"
    points: Decimal
    clause: str
    reason: str
    actor: str
    recorded_at: datetime
    reversed_by: str | None = None
    reversal_reason: str | None = None
    late_reason: str | None = None  # recorded after the month was closed
    reversal_late_reason: str | None = None  # reversed after the month was closed


@dataclass(frozen=True)
class MeetingAttendance:
    meeting_id: str
    kind: str
    occurred_on: date
    attended: int  # counted from attendance lines that are not reversed
    excused: int
    absent: int


@dataclass(frozen=True)
class Violation:
    entry_id: str
    member_id: str
    occurred_on: date
    late_reason: str | None = None


@dataclass(frozen=True)
class Secretary:
    member_id: str
    since: date
    full_time: bool


@dataclass(frozen=True)
class BranchMonth:
    """Everything a branch-month is scored from, gathered by the projection."""

    branch_id: str
    category: str
    month: str
    member_totals: dict[str, Decimal]  # members on the month's last day -> monthly total
    dues_on_time: frozenset[str]
    meetings: tuple[MeetingAttendance, ...] = ()
    violations: tuple[Violation, ...] = ()
    steps: tuple[Step, ...] = ()
    entries: tuple[BranchEntry, ...] = ()
    secretary: Secretary | None = None


# --- the score --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BranchScore:
    facts: BranchMonth
    rule_book: str
    dimensions: dict[str, Fraction]
    inputs: dict[str, dict]  # per dimension: what it was computed from
    counted_step: Step | None
    bonus: Fraction
    deductions: Fraction
    ceiling: Fraction
    raw_total: Fraction  # before clamping to 0..ceiling
    total: Fraction
    score_stars: int  # from the thresholds alone
    stars: int  # after downgrade and veto
    downgraded: bool
    vetoed: bool
    tier: int
    grade: str
    coefficient: Fraction | None = None
    pay_factor: Fraction | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.counted_step is None or self.counted_step.step != "final"


def counted_step(steps: tuple[Step, ...]) -> Step | None:
    """The latest step present counts: final over preliminary over self; a repeat replaces."""
    best: Step | None = None
    for step in sorted(steps, key=lambda s: s.sequence):
        if best is None or STEPS.index(step.step) >= STEPS.index(best.step):
            best = step
    return best


def stars_for(total: Fraction, rules: BranchRules) -> int:
    for threshold in sorted(rules.stars, key=lambda th: th.min, reverse=True):
        if total >= Fraction(threshold.min):
            return threshold.stars
    return 1


def grade_for(total: Fraction, rules: BranchRules) -> str:
    for threshold in sorted(rules.grades, key=lambda th: th.min, reverse=True):
        if total >= Fraction(threshold.min):
            return threshold.grade
    return rules.lowest_grade


def pay_link(total: Fraction, full_time: bool, rules: BranchRules) -> tuple[Fraction, Fraction]:
    """Secretary pay coefficient and pay factor (seed 001)."""
    pay = rules.secretary_pay
    full_score = Fraction(pay.full_score)
    coefficient = Fraction(1) if total >= full_score else total / full_score
    share = Fraction(pay.share_full_time if full_time else pay.share_part_time)
    return coefficient, 1 - share * (1 - coefficient)


def _membership(facts: BranchMonth, rules: BranchRules) -> tuple[Fraction, dict]:
    totals = [Fraction(value) for value in facts.member_totals.values()]
    mean = sum(totals, ZERO) / len(totals) if totals else ZERO
    share = min(Fraction(1), max(ZERO, mean / Fraction(rules.membership_full_mean)))
    points = Fraction(rules.dimensions["membership"].max) * share
    return points, {"members": len(totals), "mean": mean, "full_mean": Fraction(rules.membership_full_mean),
                    "member_totals": dict(sorted(facts.member_totals.items()))}


def _institutions(facts: BranchMonth, rules: BranchRules) -> tuple[Fraction, dict]:
    inst = rules.institutions
    committee = [m.meeting_id for m in facts.meetings if m.kind == "committee"]
    committee_points = Fraction(inst.committee_meeting) if committee else ZERO
    attended = sum(m.attended for m in facts.meetings)
    listed = attended + sum(m.excused + m.absent for m in facts.meetings)
    rate = Fraction(attended, listed) if listed else ZERO
    attendance_points = Fraction(inst.attendance) * min(Fraction(1), rate / Fraction(inst.attendance_target))
    members = len(facts.member_totals)
    on_time = len(facts.dues_on_time & set(facts.member_totals))
    dues_share = Fraction(on_time, members) if members else ZERO
    dues_points = Fraction(inst.dues) * dues_share
    parts = committee_points + attendance_points + dues_points
    points = min(parts, Fraction(rules.dimensions["institutions"].max))
    return points, {
        "committee_meeting": {"points": committee_points, "held": bool(committee), "meetings": committee},
        "attendance": {"points": attendance_points, "attended": attended, "listed": listed, "rate": rate,
                       "target": Fraction(inst.attendance_target),
                       "meetings": [m.meeting_id for m in facts.meetings]},
        "dues": {"points": dues_points, "on_time": on_time, "members": members, "share": dues_share},
        "capped_at_max": parts > points,
    }


def _discipline(facts: BranchMonth, rules: BranchRules) -> tuple[Fraction, dict]:
    top = Fraction(rules.dimensions["discipline"].max)
    count = len(facts.violations)
    points = max(ZERO, top - Fraction(rules.discipline_per_violation) * count)
    return points, {"violations": count, "per_violation": Fraction(rules.discipline_per_violation)}


def score_branch_month(facts: BranchMonth, book: RuleBookBody) -> BranchScore:
    """Score a branch-month under `book`, the rule book in force on the month's last day."""
    rules = book.branch
    step = counted_step(facts.steps)
    dimensions: dict[str, Fraction] = {}
    inputs: dict[str, dict] = {}
    for name in ASSESSED:
        dimensions[name] = Fraction(getattr(step, name)) if step else ZERO
        inputs[name] = {"step": step.step if step else None}
    for name, compute in (("membership", _membership), ("institutions", _institutions),
                          ("discipline", _discipline)):
        dimensions[name], inputs[name] = compute(facts, rules)
    bonus = Fraction(step.bonus) if step else ZERO
    live = [entry for entry in facts.entries if entry.reversed_by is None]
    deductions = sum((Fraction(e.points) for e in live if e.kind == "deduction"), ZERO)
    vetoed = any(e.kind == "veto" for e in live)
    ceiling = sum((Fraction(rules.dimensions[name].max) for name in DIMENSIONS), ZERO)
    raw_total = sum((dimensions[name] for name in DIMENSIONS), ZERO) + bonus - deductions
    total = min(ceiling, max(ZERO, raw_total))
    score_stars = stars_for(total, rules)
    stars, reasons = score_stars, []
    downgraded = bool(facts.violations) and rules.violation_downgrade > 0
    if downgraded:
        stars = max(1, stars - rules.violation_downgrade)
        reasons.append(f"{len(facts.violations)} member violation(s) in the month: "
                       f"down {rules.violation_downgrade}, not below 1")
    if vetoed:
        stars = min(stars, rules.veto_stars)
        reasons.append(f"a veto caps the month at {rules.veto_stars}")
    coefficient = pay_factor = None
    if facts.secretary is not None:
        coefficient, pay_factor = pay_link(total, facts.secretary.full_time, rules)
    return BranchScore(
        facts=facts, rule_book=book.version, dimensions=dimensions, inputs=inputs, counted_step=step,
        bonus=bonus, deductions=deductions, ceiling=ceiling, raw_total=raw_total, total=total,
        score_stars=score_stars, stars=stars, downgraded=downgraded, vetoed=vetoed,
        tier=rules.tiers[str(stars)], grade=grade_for(total, rules), coefficient=coefficient,
        pay_factor=pay_factor, reasons=reasons)


def annual_stars(totals: list[Fraction], vetoed: bool, rules: BranchRules) -> tuple[Fraction, int]:
    """The mean of the year's monthly scores and its stars; 1 star (the veto level) after a veto."""
    mean = sum(totals, ZERO) / len(totals) if totals else ZERO
    stars = stars_for(mean, rules)
    return mean, min(stars, rules.veto_stars) if vetoed else stars
