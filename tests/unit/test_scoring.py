"""Pure member scoring (DOMAIN §3): every value, every cap, reversal, the rule book by date."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from itertools import count

import pytest

from ledger.rule_book_content import RuleBookShelf, default_rule_book, parse_rule_book, rule_book_json
from ledger.scoring import Line, score_lines, score_months, summarise_month
from projections.fold import rule_key

DEFAULT = RuleBookShelf([(date(2000, 1, 1), 1, default_rule_book())])
_sequence = count(1)


def line(key: str, on: date, value: Decimal | int = 1, month: str | None = None,
         reversed_: bool = False, sequence: int | None = None, entry_id: str | None = None) -> Line:
    seq = next(_sequence) if sequence is None else sequence
    return Line(entry_id=entry_id or f"e{seq}", kind=key.split(".")[0], rule_key=key,
                value=Decimal(value), occurred_on=on, month=month or f"{on:%Y-%m}",
                recorded_at=datetime(2026, 11, 1), actor="sec", sequence=seq, reversed=reversed_)


def month_of_lines(lines: list[Line], month: str, shelf: RuleBookShelf = DEFAULT):
    return score_months(lines, shelf)[month]


def book_with(version: str, change) -> object:
    data = copy.deepcopy(rule_book_json(default_rule_book()))
    data["version"] = version
    change(data)
    return parse_rule_book(data)


# --- each value -----------------------------------------------------------------------------

@pytest.mark.parametrize("key, points, part", [
    ("attend.assembly", 2, "obligations"), ("attend.lecture", 2, "obligations"),
    ("attend.theme_day", 2, "obligations"), ("attend.group", 1, "obligations"),
    ("attend.committee", 1, "obligations"), ("excused", 0, "obligations"),
    ("absent", -2, "obligations"), ("dues.on_time", 2, "obligations"),
    ("dues.late", 0, "obligations"), ("study", 1, "obligations"),
    ("duty.vanguard", 2, "role"), ("duty.volunteer", 2, "role"),
    ("commendation", 3, "excellence"), ("award.branch", 2, "excellence"),
    ("award.company", 5, "excellence"), ("award.city", 10, "excellence"),
    ("award.province", 15, "excellence"), ("award.national", 20, "excellence"),
    ("violation", -20, "deductions"),
])
def test_each_event_scores_its_points_in_its_part(key, points, part):
    score = month_of_lines([line(key, date(2026, 3, 10))], "2026-03")
    assert score.total == Decimal(points)
    assert score.parts[part] == Decimal(points)
    assert sum(score.parts.values()) == Decimal(points)
    (scored,) = score.lines
    assert (scored.rule_book, scored.part, scored.capped) == ("default-2026", part, False)


@pytest.mark.parametrize("rating", ["0", "7.5", "10"])
def test_rating_scores_the_rating_given_in_the_role_part(rating):
    score = month_of_lines([line("rating", date(2026, 3, 31), value=Decimal(rating))], "2026-03")
    assert score.parts["role"] == score.total == Decimal(rating)


def test_parts_add_up_across_a_busy_month():
    lines = [line("attend.assembly", date(2026, 3, 2)), line("absent", date(2026, 3, 9)),
             line("dues.on_time", date(2026, 3, 5)), line("study", date(2026, 3, 6)),
             line("rating", date(2026, 3, 31), value=8), line("duty.volunteer", date(2026, 3, 7)),
             line("commendation", date(2026, 3, 8)), line("award.city", date(2026, 3, 20)),
             line("violation", date(2026, 3, 25))]
    score = month_of_lines(lines, "2026-03")
    assert score.parts == {"obligations": Decimal(3), "role": Decimal(10),
                           "excellence": Decimal(13), "deductions": Decimal(-20)}
    assert score.total == Decimal(6)
    assert score.rule_books == ("default-2026",)


# --- dues and ratings count in the month they are for ---------------------------------------

def test_dues_paid_by_the_last_day_of_the_month_are_on_time():
    data = {"occurred_on": date(2026, 3, 31), "month": "2026-03"}
    assert rule_key("Member.DuesPaid", data) == ("dues.on_time", Decimal(1), "2026-03")


def test_dues_paid_after_the_month_are_late_and_count_in_the_month_they_are_for():
    data = {"occurred_on": date(2026, 4, 1), "month": "2026-03"}
    assert rule_key("Member.DuesPaid", data) == ("dues.late", Decimal(1), "2026-03")


def test_dues_paid_in_advance_are_on_time_for_their_month():
    data = {"occurred_on": date(2026, 1, 15), "month": "2026-03"}
    assert rule_key("Member.DuesPaid", data) == ("dues.on_time", Decimal(1), "2026-03")


def test_rating_counts_in_the_month_it_is_for_with_its_value():
    data = {"occurred_on": date(2026, 4, 3), "month": "2026-03", "score": "6.5"}
    assert rule_key("Member.RatingGiven", data) == ("rating", Decimal("6.5"), "2026-03")


@pytest.mark.parametrize("attendance, kind, key", [
    ("attended", "theme_day", "attend.theme_day"), ("excused", "assembly", "excused"),
    ("absent", "lecture", "absent")])
def test_attendance_is_priced_by_kind_when_attended_else_by_the_absence(attendance, kind, key):
    data = {"occurred_on": date(2026, 3, 2), "attendance": attendance, "kind": kind}
    assert rule_key("Member.AttendanceRecorded", data) == (key, Decimal(1), "2026-03")


def test_a_late_dues_line_scores_zero_in_the_month_it_is_for():
    lines = [line("dues.late", date(2026, 4, 2), month="2026-03")]
    months = score_months(lines, DEFAULT)
    assert list(months) == ["2026-03"]
    assert months["2026-03"].total == Decimal(0)


# --- caps -----------------------------------------------------------------------------------

def test_study_is_capped_at_4_a_month_and_the_fifth_shows_as_capped():
    lines = [line("study", date(2026, 3, day)) for day in range(1, 6)]
    score = month_of_lines(lines, "2026-03")
    assert score.total == Decimal(4)
    assert [(s.points, s.capped) for s in score.lines] == [(Decimal(1), False)] * 4 + [(Decimal(0), True)]
    assert score.capped == 1


def test_vanguard_and_volunteer_share_one_duty_cap_of_6_a_month():
    lines = [line("duty.vanguard", date(2026, 3, 1)), line("duty.volunteer", date(2026, 3, 2)),
             line("duty.vanguard", date(2026, 3, 3)), line("duty.volunteer", date(2026, 3, 4))]
    score = month_of_lines(lines, "2026-03")
    assert score.parts["role"] == Decimal(6)
    assert [s.points for s in score.lines] == [Decimal(2), Decimal(2), Decimal(2), Decimal(0)]
    assert [s.capped for s in score.lines] == [False, False, False, True]


def test_caps_start_again_each_calendar_month():
    lines = [line("study", date(2026, 3, day)) for day in range(1, 7)]
    lines += [line("study", date(2026, 4, day)) for day in range(1, 7)]
    months = score_months(lines, DEFAULT)
    assert (months["2026-03"].total, months["2026-04"].total) == (Decimal(4), Decimal(4))


def test_caps_apply_in_the_order_events_occurred_not_the_order_recorded():
    late_recorded_first = line("study", date(2026, 3, 28), entry_id="latest", sequence=1)
    earlier = [line("study", date(2026, 3, day), sequence=day + 1) for day in range(1, 5)]
    score = month_of_lines([late_recorded_first] + earlier, "2026-03")
    capped = [s.line.entry_id for s in score.lines if s.capped]
    assert capped == ["latest"]


def test_same_day_events_are_capped_in_the_order_recorded():
    lines = [line("study", date(2026, 3, 5), sequence=seq, entry_id=f"s{seq}") for seq in (14, 11, 13, 12, 10)]
    score = month_of_lines(lines, "2026-03")
    assert [s.line.entry_id for s in score.lines] == ["s10", "s11", "s12", "s13", "s14"]
    assert [s.line.entry_id for s in score.lines if s.capped] == ["s14"]


def test_negative_points_are_never_capped():
    lines = [line("violation", date(2026, 3, day)) for day in (1, 2, 3)]
    score = month_of_lines(lines, "2026-03")
    assert score.total == Decimal(-60)
    assert score.capped == 0


# --- reversal -------------------------------------------------------------------------------

def test_reversing_one_of_five_study_sessions_leaves_four_that_count():
    lines = [line("study", date(2026, 3, 1), reversed_=True)]
    lines += [line("study", date(2026, 3, day)) for day in range(2, 6)]
    score = month_of_lines(lines, "2026-03")
    assert score.total == Decimal(4)
    assert [(s.points, s.capped, s.line.reversed) for s in score.lines] == [
        (Decimal(0), False, True)] + [(Decimal(1), False, False)] * 4
    assert (score.capped, score.reversed) == (0, 1)


def test_a_reversed_entry_scores_nothing_and_takes_no_room_under_a_cap():
    lines = [line("duty.vanguard", date(2026, 3, day)) for day in (1, 2)]
    lines.append(line("duty.vanguard", date(2026, 3, 3), reversed_=True))
    lines.append(line("duty.vanguard", date(2026, 3, 4)))
    score = month_of_lines(lines, "2026-03")
    assert score.total == Decimal(6)
    assert score.capped == 0


def test_a_reversed_violation_deducts_nothing():
    score = month_of_lines([line("violation", date(2026, 3, 2), reversed_=True)], "2026-03")
    assert score.total == Decimal(0)
    assert score.reversed == 1


# --- the rule book in force by date ---------------------------------------------------------

def _two_books():
    def study_three(data):
        data["member"]["rules"]["study"]["points"] = 3
        data["member"]["caps"]["study"]["monthly"] = 6
    new = book_with("v2", study_three)
    return RuleBookShelf([(date(2000, 1, 1), 1, default_rule_book()), (date(2026, 6, 15), 2, new)])


def test_each_line_is_scored_by_the_rule_book_in_force_on_its_date():
    shelf = _two_books()
    lines = [line("study", date(2026, 6, 14)), line("study", date(2026, 6, 15))]
    score = month_of_lines(lines, "2026-06", shelf)
    assert [(s.rule_book, s.points) for s in score.lines] == [("default-2026", Decimal(1)),
                                                               ("v2", Decimal(3))]
    assert score.total == Decimal(4)
    assert score.rule_books == ("default-2026", "v2")


def test_a_new_rule_book_leaves_earlier_months_as_they_were():
    shelf = _two_books()
    lines = [line("study", date(2026, 5, day)) for day in range(1, 6)]
    assert month_of_lines(lines, "2026-05", shelf).total == month_of_lines(lines, "2026-05").total == Decimal(4)


def test_the_cap_of_the_rule_book_in_force_applies():
    shelf = _two_books()
    lines = [line("study", date(2026, 7, day)) for day in range(1, 4)]
    assert month_of_lines(lines, "2026-07", shelf).total == Decimal(6)


def test_a_rating_is_priced_by_the_rule_books_points_per_unit():
    def double_rating(data):
        data["member"]["rules"]["rating"]["points"] = 2
    shelf = RuleBookShelf([(date(2000, 1, 1), 1, book_with("double", double_rating))])
    assert month_of_lines([line("rating", date(2026, 3, 31), value=Decimal("7.5"))], "2026-03", shelf).total == Decimal(15)


def test_an_annual_cap_carries_across_months_and_resets_each_year():
    def lectures_capped(data):
        data["member"]["rules"]["attend.lecture"]["points"] = 3
        data["member"]["rules"]["attend.lecture"]["cap"] = "three_meetings"
        data["member"]["caps"]["three_meetings"] = {"monthly": None, "annual": 12}
    shelf = RuleBookShelf([(date(2000, 1, 1), 1, book_with("annual", lectures_capped))])
    lines = [line("attend.lecture", date(2026, month, 10)) for month in range(1, 7)]
    lines.append(line("attend.lecture", date(2027, 1, 10)))
    months = score_months(lines, shelf)
    assert [months[m].total for m in sorted(months)] == [Decimal(n) for n in (3, 3, 3, 3, 0, 0, 3)]
    assert months["2026-05"].capped == 1


def test_a_month_with_no_lines_scores_zero():
    score = summarise_month("2026-02", score_lines([line("study", date(2026, 3, 1))], DEFAULT))
    assert (score.total, score.lines, score.rule_books) == (Decimal(0), (), ())
