"""The Member and Branch aggregates through their public methods, in memory (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import Refused
from ledger.member import Member
from ledger.organisation import Branch


@pytest.fixture
def member() -> Member:
    return Member(member_id="M1", name="Li Hua", branch_id="B1", status="probationary",
                  occurred_on=date(2025, 1, 1), actor="sec")


@pytest.fixture
def branch() -> Branch:
    return Branch(branch_id="B1", name="Workshop", category="production", parent_id=None,
                  occurred_on=date(2024, 1, 1), actor="sec")


def event_names(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_member_ids_are_stable_across_processes():
    first = Member(member_id="M1", name="A", branch_id="B1", status="full", occurred_on=date(2025, 1, 1), actor="x")
    again = Member(member_id="M1", name="B", branch_id="B2", status="full", occurred_on=date(2025, 2, 1), actor="y")
    assert first.id == again.id == Member.create_id("M1")


# --- dues and ratings: one active per month -------------------------------------------------

def test_dues_for_a_month_once_then_again_only_after_reversal(member):
    member.pay_dues("d1", "2026-03", Decimal("25.50"), date(2026, 3, 5), "sec")
    with pytest.raises(Refused, match=r"^dues for 2026-03 are already recorded for member M1 \(entry d1\); reverse that entry first$"):
        member.pay_dues("d2", "2026-03", Decimal("25.50"), date(2026, 3, 6), "sec")
    member.reverse("r1", "d1", "wrong amount", date(2026, 3, 7), "sec")
    member.pay_dues("d2", "2026-03", Decimal("26"), date(2026, 3, 7), "sec")
    assert event_names(member) == ["Enrolled", "DuesPaid", "EntryReversed", "DuesPaid"]


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_dues_amount_must_be_more_than_zero(member, amount):
    with pytest.raises(Refused, match=rf"^amount {amount} must be more than 0$"):
        member.pay_dues("d1", "2026-03", Decimal(amount), date(2026, 3, 5), "sec")


def test_a_second_rating_for_a_month_is_refused_until_the_first_is_reversed(member):
    member.give_rating("r1", "2026-03", Decimal(8), date(2026, 3, 31), "sec")
    with pytest.raises(Refused, match=r"^member M1 already has a rating for 2026-03 \(entry r1\); reverse it first$"):
        member.give_rating("r2", "2026-03", Decimal(9), date(2026, 3, 31), "sec")
    member.reverse("x1", "r1", "mistake", date(2026, 4, 1), "sec")
    member.give_rating("r2", "2026-03", Decimal(9), date(2026, 3, 31), "sec")


@pytest.mark.parametrize("score", ["-0.5", "10.01", "11"])
def test_a_rating_outside_0_to_10_is_refused(member, score):
    with pytest.raises(Refused, match=rf"^rating {score} is outside 0-10$"):
        member.give_rating("r1", "2026-03", Decimal(score), date(2026, 3, 31), "sec")


@pytest.mark.parametrize("score", ["0", "10"])
def test_ratings_of_0_and_10_are_accepted(member, score):
    member.give_rating("r1", "2026-03", Decimal(score), date(2026, 3, 31), "sec")


# --- on the roll ----------------------------------------------------------------------------

def test_an_entry_dated_before_the_member_joined_is_refused(member):
    with pytest.raises(Refused, match=r"^member M1 joined on 2025-01-01; 2024-12-31 is before that$"):
        member.record_study("s1", date(2024, 12, 31), "topic", "sec")


def test_dues_for_a_month_before_the_member_joined_are_refused(member):
    with pytest.raises(Refused, match=r"^member M1 joined on 2025-01-01; 2024-12 is before that$"):
        member.pay_dues("d1", "2024-12", Decimal(5), date(2025, 1, 2), "sec")


def test_transfer_moves_the_member_and_keeps_the_whole_history(member):
    member.transfer("B2", date(2026, 6, 15), "sec")
    assert member.branch_id == "B2"
    assert member.branch_on(date(2026, 6, 14)) == "B1"
    assert member.branch_on(date(2026, 6, 15)) == "B2"
    assert member.joined_on == date(2025, 1, 1)


def test_transfer_to_the_same_branch_or_not_after_the_last_move_is_refused(member):
    with pytest.raises(Refused, match=r"^member M1 is already in branch B1$"):
        member.transfer("B1", date(2026, 6, 15), "sec")
    with pytest.raises(Refused, match=r"^member M1 joined branch B1 on 2025-01-01; a transfer must be dated after that$"):
        member.transfer("B2", date(2025, 1, 1), "sec")


def test_attendance_at_the_old_branch_after_a_transfer_is_refused(member):
    member.transfer("B2", date(2026, 6, 15), "sec")
    member.attend("m1/M1", "m1", "B1", "group", "attended", date(2026, 6, 14), "sec")
    with pytest.raises(Refused, match=r"^member M1 was not in branch B1 on 2026-06-15$"):
        member.attend("m2/M1", "m2", "B1", "group", "attended", date(2026, 6, 15), "sec")
    member.attend("m3/M1", "m3", "B2", "group", "attended", date(2026, 6, 15), "sec")


def test_status_changes_once_to_each_status(member):
    member.change_status("full", date(2026, 1, 1), "sec")
    assert member.status == "full"
    with pytest.raises(Refused, match=r"^member M1 is already full$"):
        member.change_status("full", date(2026, 2, 1), "sec")
    with pytest.raises(Refused, match=r"^status 'honorary' is not one of probationary, full$"):
        member.change_status("honorary", date(2026, 2, 1), "sec")


# --- entries --------------------------------------------------------------------------------

def test_an_entry_id_is_used_once_per_member(member):
    member.record_study("s1", date(2026, 3, 1), "topic", "sec")
    with pytest.raises(Refused, match=r"^entry id s1 is already used$"):
        member.commend("s1", date(2026, 3, 2), "title", "sec")


def test_duty_kinds_and_award_levels_come_from_the_lists(member):
    with pytest.raises(Refused, match=r"^duty kind 'cleaning' is not one of vanguard, volunteer$"):
        member.record_duty("d1", date(2026, 3, 1), "cleaning", "sec")
    with pytest.raises(Refused, match=r"^award level 'galactic' is not one of branch, company, city, province, national$"):
        member.award("a1", date(2026, 3, 1), "galactic", "title", "sec")


@pytest.mark.parametrize("missing, field", [("reason", "reason"), ("decision_ref", "decision"),
                                            ("issued_by", "issued-by")])
def test_a_violation_needs_its_due_process_fields(member, missing, field):
    values = dict(reason="late to duty", decision_ref="D-1", issued_by="Discipline Committee")
    values[missing] = "  "
    with pytest.raises(Refused, match=rf"^a violation needs {field}$"):
        member.record_violation("v1", date(2026, 3, 1), evidence_ref="", actor="insp", **values)


def test_reversing_twice_or_reversing_a_reversal_is_refused(member):
    member.record_study("s1", date(2026, 3, 1), "topic", "sec")
    member.reverse("r1", "s1", "duplicate", date(2026, 3, 2), "sec")
    with pytest.raises(Refused, match=r"^entry s1 has already been reversed$"):
        member.reverse("r2", "s1", "duplicate", date(2026, 3, 2), "sec")
    with pytest.raises(Refused, match=r"^entry r1 is not an entry about member M1 that can be reversed$"):
        member.reverse("r3", "r1", "undo", date(2026, 3, 2), "sec")
    with pytest.raises(Refused, match=r"^entry nope is not an entry about member M1 that can be reversed$"):
        member.reverse("r4", "nope", "undo", date(2026, 3, 2), "sec")


def test_a_reversal_needs_a_reason(member):
    member.record_study("s1", date(2026, 3, 1), "topic", "sec")
    with pytest.raises(Refused, match=r"^a reversal needs a reason$"):
        member.reverse("r1", "s1", " ", date(2026, 3, 2), "sec")


def test_a_refused_command_records_no_event(member):
    member.collect_events()
    with pytest.raises(Refused):
        member.pay_dues("d1", "2026-03", Decimal(0), date(2026, 3, 5), "sec")
    assert member.collect_events() == []


# --- branch meetings ------------------------------------------------------------------------

def test_a_meeting_lists_each_member_once(branch):
    with pytest.raises(Refused, match=r"^member M1 is listed twice in this meeting$"):
        branch.hold_meeting("m1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M1"], "sec")
    with pytest.raises(Refused, match=r"^member M2 is listed twice in this meeting$"):
        branch.hold_meeting("m1", "assembly", date(2026, 3, 5), ["M2", "M2"], [], [], "sec")


def test_a_meeting_needs_a_known_kind_someone_listed_and_a_date_after_establishment(branch):
    with pytest.raises(Refused, match=r"^meeting kind 'party' is not one of assembly, lecture, theme_day, group, committee$"):
        branch.hold_meeting("m1", "party", date(2026, 3, 5), ["M1"], [], [], "sec")
    with pytest.raises(Refused, match=r"^a meeting needs at least one member listed"):
        branch.hold_meeting("m1", "group", date(2026, 3, 5), [], [], [], "sec")
    with pytest.raises(Refused, match=r"^branch B1 was established on 2024-01-01; a meeting on 2023-12-31 is before that$"):
        branch.hold_meeting("m1", "group", date(2023, 12, 31), ["M1"], [], [], "sec")


def test_a_meeting_is_reversed_once(branch):
    branch.hold_meeting("m1", "group", date(2026, 3, 5), ["M1"], [], [], "sec")
    branch.reverse("r1", "m1", "wrong date", date(2026, 3, 6), "sec")
    with pytest.raises(Refused, match=r"^entry m1 has already been reversed$"):
        branch.reverse("r2", "m1", "wrong date", date(2026, 3, 6), "sec")
    with pytest.raises(Refused, match=r"^entry m9 is not a meeting, deduction or veto of branch B1$"):
        branch.reverse("r3", "m9", "wrong", date(2026, 3, 6), "sec")
    assert event_names(branch) == ["Registered", "MeetingHeld", "EntryReversed"]


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity"])
def test_a_dues_amount_that_is_not_a_number_is_refused(member, amount):
    with pytest.raises(Refused, match=rf"^amount {amount} is not a number$"):
        member.pay_dues("d1", "2026-03", Decimal(amount), date(2026, 3, 5), "sec")


@pytest.mark.parametrize("score", ["NaN", "sNaN", "-Infinity"])
def test_a_rating_that_is_not_a_number_is_refused(member, score):
    with pytest.raises(Refused, match=rf"^rating {score} is not a number$"):
        member.give_rating("r1", "2026-03", Decimal(score), date(2026, 3, 31), "sec")
