"""Pure branch scoring (DOMAIN §4-6) under the default rule book: no database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.assessment import (
    BranchEntry, BranchMonth, MeetingAttendance, Secretary, Step, Violation, check_assessment,
    pay_link, score_branch_month,
)
from ledger.errors import Refused
from ledger.rule_book_content import DIMENSIONS, default_rule_book

BOOK = default_rule_book()
RULES = BOOK.branch
AT = datetime(2026, 3, 31, 12, 0)


def step(name="final", organisation="10", leadership="20", support="15", bonus="0", sequence=1, actor="committee"):
    return Step(name, Decimal(organisation), Decimal(leadership), Decimal(support), Decimal(bonus), "",
                actor, AT, sequence)


def deduction(points, entry_id="D1", reversed_by=None):
    return BranchEntry(entry_id, "deduction", Decimal(points), "clause", "reason", "inspector", AT, reversed_by)


def veto(entry_id="V1", reversed_by=None):
    return BranchEntry(entry_id, "veto", Decimal(0), "clause", "reason", "inspector", AT, reversed_by)


def full_marks(**changes) -> BranchMonth:
    """A branch-month scoring 100: every dimension at its maximum."""
    facts = dict(branch_id="B1", category="production", month="2026-03",
                 member_totals={"M1": Decimal(10)}, dues_on_time=frozenset({"M1"}),
                 meetings=(MeetingAttendance("K1", "committee", date(2026, 3, 5), 1, 0, 0),),
                 steps=(step(),))
    facts.update(changes)
    return BranchMonth(**facts)


def with_total(total: str, extra: tuple = (), **changes) -> BranchMonth:
    """Full marks less a deduction, so the exact total is `total` (plus `extra` branch entries)."""
    return full_marks(entries=(deduction(Decimal(100) - Decimal(total)),) + extra, **changes)


@pytest.mark.parametrize("total, stars, tier, grade", [
    ("69.99", 1, 3, "fail"), ("70", 2, 3, "pass"), ("79.99", 2, 3, "pass"), ("80", 3, 2, "good"),
    ("89.99", 3, 2, "good"), ("90", 4, 2, "excellent"), ("94.99", 4, 2, "excellent"), ("95", 5, 1, "excellent"),
])
def test_star_tier_and_grade_at_each_threshold_edge(total, stars, tier, grade):
    score = score_branch_month(with_total(total), BOOK)
    assert score.total == Fraction(Decimal(total))
    assert (score.stars, score.tier, score.grade) == (stars, tier, grade)


def test_star_is_decided_on_the_exact_total_not_the_rounded_one():
    # mean of 10, 10, 9.985 is 9.995: membership 19.99; total 99.99 - 4.995 deduction = 94.995
    facts = with_total("95.005", member_totals={"M1": Decimal(10), "M2": Decimal(10), "M3": Decimal("9.985")},
                       dues_on_time=frozenset({"M1", "M2", "M3"}))
    score = score_branch_month(facts, BOOK)
    assert score.total == Fraction(94995, 1000)
    assert round(score.total, 2) == Fraction(95)  # shown as 95.00 ...
    assert score.stars == 4  # ... yet below 95 exactly


def test_member_violation_drops_one_star_and_never_below_one():
    violation = (Violation("E1", "M1", date(2026, 3, 9)),)
    assert score_branch_month(with_total("96"), BOOK).stars == 5
    dropped = score_branch_month(with_total("96", violations=violation), BOOK)
    # the violation also costs 10 discipline points: 86 -> 3 stars from the score, 2 after
    assert (dropped.total, dropped.score_stars, dropped.stars, dropped.downgraded) == (86, 3, 2, True)
    floor = score_branch_month(with_total("50", violations=violation), BOOK)
    assert (floor.score_stars, floor.stars) == (1, 1)


def test_veto_sets_one_star_and_a_reversed_veto_counts_for_nothing():
    assert score_branch_month(with_total("99", extra=(veto(),)), BOOK).stars == 1
    undone = score_branch_month(with_total("99", extra=(veto(reversed_by="R1"),)), BOOK)
    assert (undone.stars, undone.vetoed) == (5, False)


def test_score_is_provisional_until_a_final_step_exists():
    assert score_branch_month(full_marks(steps=()), BOOK).provisional
    assert score_branch_month(full_marks(steps=(step("self"), step("preliminary", sequence=2))), BOOK).provisional
    assert not score_branch_month(full_marks(), BOOK).provisional


def test_later_step_overrides_earlier_and_a_late_self_step_does_not_undo_final():
    steps = (step("self", organisation="10", sequence=1), step("preliminary", organisation="8", sequence=2),
             step("final", organisation="7", sequence=3), step("self", organisation="10", sequence=4))
    score = score_branch_month(full_marks(steps=steps), BOOK)
    assert (score.counted_step.step, score.dimensions["organisation"]) == ("final", 7)
    repeat = steps[:3] + (step("final", organisation="6", sequence=5),)
    assert score_branch_month(full_marks(steps=repeat), BOOK).dimensions["organisation"] == 6


def test_auto_dimensions_follow_domain_section_4():
    facts = BranchMonth(
        branch_id="B1", category="production", month="2026-03",
        member_totals={f"M{n}": Decimal(total) for n, total in enumerate((8, 6, 4, 2, 0), start=1)},
        dues_on_time=frozenset({"M1", "M2", "M3"}),
        meetings=(MeetingAttendance("K1", "committee", date(2026, 3, 2), 3, 0, 0),
                  MeetingAttendance("A1", "assembly", date(2026, 3, 9), 3, 1, 1)),
        violations=(Violation("E1", "M5", date(2026, 3, 3)),), steps=())
    score = score_branch_month(facts, BOOK)
    assert score.dimensions["membership"] == 8  # 20 x mean 4 / 10
    # committee 5; attendance 6 of 8 = 75% -> 5 x 0.75/0.9; dues 3 of 5 -> 3
    assert score.dimensions["institutions"] == 5 + Fraction(25, 6) + 3
    assert score.dimensions["discipline"] == 10
    assert score.total == 8 + 5 + Fraction(25, 6) + 3 + 10


def test_empty_branch_month_scores_only_discipline():
    facts = BranchMonth("B1", "production", "2026-03", {}, frozenset())
    score = score_branch_month(facts, BOOK)
    assert (score.total, score.stars, score.provisional) == (20, 1, True)


def test_total_is_clamped_to_zero_and_to_the_sum_of_maxima():
    assert score_branch_month(full_marks(steps=(step(bonus="5"),)), BOOK).total == 100
    assert score_branch_month(with_total("-50"), BOOK).total == 0


@pytest.mark.parametrize("full_time, total, coefficient, factor", [
    (True, "76", Fraction(4, 5), Fraction(9, 10)), (False, "76", Fraction(4, 5), Fraction(24, 25)),
    (True, "95", 1, 1), (False, "99", 1, 1), (True, "57", Fraction(3, 5), Fraction(4, 5)),
])
def test_secretary_pay_factor_for_both_kinds(full_time, total, coefficient, factor):
    assert pay_link(Fraction(Decimal(total)), full_time, RULES) == (coefficient, factor)
    score = score_branch_month(with_total(total, secretary=Secretary("M1", date(2026, 1, 1), full_time)), BOOK)
    assert (score.coefficient, score.pay_factor) == (coefficient, factor)


@pytest.mark.parametrize("scores, bonus, message", [
    ({"organisation": "10.01", "leadership": "0", "support": "0"}, "0", "organisation 10.01 is outside 0-10"),
    ({"organisation": "0", "leadership": "21", "support": "0"}, "0", "leadership 21 is outside 0-20"),
    ({"organisation": "0", "leadership": "0", "support": "-1"}, "0", "support -1 is outside 0-15"),
    ({"organisation": "0", "leadership": "0", "support": "0"}, "5.5", "bonus 5.5 is outside 0-5"),
])
def test_assessment_over_a_maximum_is_refused(scores, bonus, message):
    with pytest.raises(Refused, match=message):
        check_assessment(RULES, {k: Decimal(v) for k, v in scores.items()}, Decimal(bonus))


points = st.decimals(min_value=0, max_value=20, places=2)


@given(totals=st.lists(st.decimals(min_value=-40, max_value=40, places=2), max_size=6),
       organisation=st.decimals(min_value=0, max_value=10, places=2), support=points.filter(lambda v: v <= 15),
       bonus=st.decimals(min_value=0, max_value=5, places=2), cut=st.lists(points, max_size=3),
       attended=st.integers(0, 9), absent=st.integers(0, 9), violations=st.integers(0, 3))
def test_figures_add_up_to_the_total(totals, organisation, support, bonus, cut, attended, absent, violations):
    members = {f"M{n}": value for n, value in enumerate(totals)}
    facts = BranchMonth(
        "B1", "production", "2026-03", members, frozenset(list(members)[::2]),
        meetings=(MeetingAttendance("A1", "assembly", date(2026, 3, 9), attended, 0, absent),),
        violations=tuple(Violation(f"E{n}", "M0", date(2026, 3, 1)) for n in range(violations)),
        steps=(step(organisation=organisation, support=support, bonus=bonus),),
        entries=tuple(deduction(p or 1, f"D{n}") for n, p in enumerate(cut)))
    score = score_branch_month(facts, BOOK)
    parts = sum(score.dimensions[name] for name in DIMENSIONS) + score.bonus - score.deductions
    assert parts == score.raw_total
    assert score.total == min(score.ceiling, max(0, score.raw_total))
    for name in DIMENSIONS:
        assert 0 <= score.dimensions[name] <= RULES.dimensions[name].max
