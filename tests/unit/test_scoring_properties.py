"""Properties of member scoring (ledger/scoring.py) over random months of lines: the parts add
up, caps hold, and a reversal is the same as never recording the line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.rule_book_content import default_rule_book
from ledger.scoring import Line, score_months
from tests.unit.test_scoring import DEFAULT, line

KEYS = ["attend.assembly", "attend.group", "absent", "excused", "study", "duty.vanguard",
        "duty.volunteer", "commendation", "award.company", "violation", "dues.on_time", "rating"]

lines_strategy = st.lists(st.tuples(
    st.sampled_from(KEYS), st.integers(1, 3), st.integers(1, 28), st.booleans(),
    st.integers(0, 10)), max_size=25)


def _lines(specs) -> list[Line]:
    return [line(key, date(2026, month, day), value=rating if key == "rating" else 1,
                 reversed_=reversed_, sequence=seq)
            for seq, (key, month, day, reversed_, rating) in enumerate(specs, start=1)]


@settings(max_examples=40, deadline=None)
@given(lines_strategy)
def test_month_lines_add_up_to_the_total_and_to_the_parts(specs):
    for month, score in score_months(_lines(specs), DEFAULT).items():
        assert sum((s.points for s in score.lines), Decimal(0)) == score.total
        assert sum(score.parts.values(), Decimal(0)) == score.total


@settings(max_examples=40, deadline=None)
@given(lines_strategy)
def test_capped_parts_never_exceed_their_cap_and_only_capped_lines_lose_points(specs):
    for month, score in score_months(_lines(specs), DEFAULT).items():
        study = sum((s.points for s in score.lines if s.line.rule_key == "study"), Decimal(0))
        duty = sum((s.points for s in score.lines if s.line.rule_key.startswith("duty")), Decimal(0))
        assert study <= 4 and duty <= 6
        for s in score.lines:
            full = default_rule_book().member.rules[s.line.rule_key].points * s.line.value
            if s.line.reversed:
                assert s.points == 0
            elif not s.capped:
                assert s.points == full


@settings(max_examples=30, deadline=None)
@given(lines_strategy, st.data())
def test_reversing_a_line_is_the_same_as_never_recording_it(specs, data):
    lines = _lines(specs)
    if not lines:
        return
    target = data.draw(st.sampled_from(lines))
    with_reversal = [l if l is not target else Line(**{**l.__dict__, "reversed": True}) for l in lines]
    without = [l for l in lines if l is not target]
    reversed_months = score_months(with_reversal, DEFAULT)
    plain_months = score_months(without, DEFAULT)
    for month, score in reversed_months.items():
        expected = plain_months[month].total if month in plain_months else Decimal(0)
        assert score.total == expected
