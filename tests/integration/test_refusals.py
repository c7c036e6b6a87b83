"""Every refused write raises one plain sentence and writes nothing (DOMAIN §3, issue 2 item 8).

Each test asserts the error AND that `ledger_fingerprint` (a digest of every table) is unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import LedgerError, NotFound, Refused
from tests.builders import ledger_fingerprint
from tests.reads import month_score

TOMORROW = date(2026, 11, 22)  # the `ledger` fixture's today is 2026-11-21


def refuses(ledger, write, error: type[LedgerError], message: str) -> None:
    """`write()` raises `error` whose whole message matches, and nothing is written."""
    before = ledger_fingerprint(ledger)
    with pytest.raises(error) as caught:
        write()
    assert re.fullmatch(message, str(caught.value)), str(caught.value)
    assert "\n" not in str(caught.value)
    assert ledger_fingerprint(ledger) == before


# --- unknown ids ----------------------------------------------------------------------------

def test_an_entry_for_an_unknown_member_is_refused(org):
    refuses(org, lambda: org.record_study("M99", date(2026, 3, 1), "t", "sec"),
            NotFound, r"no member with id 'M99'")


def test_a_meeting_listing_an_unknown_member_writes_neither_the_meeting_nor_any_attendance(org):
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 1), ["M1", "M99"], [], [], "sec"),
            NotFound, r"no member with id 'M99'")


def test_transferring_an_unknown_member_is_refused(org):
    refuses(org, lambda: org.transfer_member("M99", "B2", date(2026, 3, 1), "sec"),
            NotFound, r"no member with id 'M99'")


def test_a_meeting_of_an_unknown_branch_is_refused(org):
    refuses(org, lambda: org.record_meeting("BX", "group", date(2026, 3, 1), ["M1"], [], [], "sec"),
            NotFound, r"no branch with id 'BX'")


def test_enrolling_in_an_unknown_branch_is_refused(org):
    refuses(org, lambda: org.add_member("M7", "New", "BX", date(2026, 3, 1), "full", "sec"),
            NotFound, r"no branch with id 'BX'")


def test_transferring_to_an_unknown_branch_is_refused(org):
    refuses(org, lambda: org.transfer_member("M1", "BX", date(2026, 3, 1), "sec"),
            NotFound, r"no branch with id 'BX'")


def test_a_branch_under_an_unknown_unit_is_refused(org):
    refuses(org, lambda: org.add_branch("B3", "New", "production", "UX", date(2026, 3, 1), "sec"),
            NotFound, r"no unit with id 'UX'")


def test_a_unit_under_an_unknown_unit_is_refused(org):
    refuses(org, lambda: org.add_unit("G2", "New", "general_branch", "UX", "sec"),
            NotFound, r"no unit with id 'UX'")


def test_reversing_an_unknown_entry_is_refused(org):
    refuses(org, lambda: org.reverse("nope", "mistake", "sec"), NotFound, r"no entry with id 'nope'")


# --- malformed values -----------------------------------------------------------------------

@pytest.mark.parametrize("month", ["2026-13", "2026-3", "March", "2026-03-01"])
def test_dues_for_a_malformed_month_are_refused(org, month):
    refuses(org, lambda: org.record_dues("M1", month, Decimal(5), date(2026, 3, 1), "sec"),
            Refused, rf"month '{month}' is not a month; write it as YYYY-MM")


@pytest.mark.parametrize("month", ["2026-00", "2026-3", "26-03"])
def test_a_rating_for_a_malformed_month_is_refused(org, month):
    refuses(org, lambda: org.record_rating("M1", month, Decimal(5), "sec"),
            Refused, rf"month '{month}' is not a month; write it as YYYY-MM")


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_dues_of_zero_or_less_are_refused(org, amount):
    refuses(org, lambda: org.record_dues("M1", "2026-03", Decimal(amount), date(2026, 3, 1), "sec"),
            Refused, rf"amount {amount} must be more than 0")


def test_dues_whose_amount_is_not_a_number_are_refused(org):
    refuses(org, lambda: org.record_dues("M1", "2026-03", Decimal("NaN"), date(2026, 3, 1), "sec"),
            Refused, r"amount NaN is not a number")


@pytest.mark.parametrize("score", ["-1", "10.5"])
def test_a_rating_outside_0_to_10_is_refused(org, score):
    refuses(org, lambda: org.record_rating("M1", "2026-03", Decimal(score), "sec"),
            Refused, rf"rating {score} is outside 0-10")


def test_a_rating_that_is_not_a_number_is_refused(org):
    refuses(org, lambda: org.record_rating("M1", "2026-03", Decimal("NaN"), "sec"),
            Refused, r"rating NaN is not a number")


# --- dates after today ----------------------------------------------------------------------

@pytest.mark.parametrize("write, field", [
    (lambda L: L.record_study("M1", TOMORROW, "t", "sec"), "date"),
    (lambda L: L.record_duty("M1", TOMORROW, "vanguard", "sec"), "date"),
    (lambda L: L.record_commendation("M1", TOMORROW, "t", "sec"), "date"),
    (lambda L: L.record_award("M1", TOMORROW, "city", "t", "sec"), "date"),
    (lambda L: L.record_violation("M1", TOMORROW, "r", "D", "DC", "insp"), "date"),
    (lambda L: L.record_meeting("B1", "group", TOMORROW, ["M1"], [], [], "sec"), "date"),
    (lambda L: L.record_dues("M1", "2026-11", Decimal(5), TOMORROW, "sec"), "paid-on"),
    (lambda L: L.add_member("M7", "New", "B1", TOMORROW, "full", "sec"), "joined"),
    (lambda L: L.add_branch("B3", "New", "production", "G1", TOMORROW, "sec"), "established"),
    (lambda L: L.transfer_member("M1", "B2", TOMORROW, "sec"), "transfer date"),
], ids=["study", "duty", "commendation", "award", "violation", "meeting", "dues", "member",
        "branch", "transfer"])
def test_a_date_after_today_is_refused(org, write, field):
    refuses(org, lambda: write(org), Refused, rf"{field} 2026-11-22 is after today \(2026-11-21\)")


def test_a_rating_for_a_month_after_the_current_one_is_refused(org):
    refuses(org, lambda: org.record_rating("M1", "2026-12", Decimal(5), "sec"),
            Refused, r"month 2026-12 is after the current month")


# --- one active rating and one dues payment a month -----------------------------------------

def test_a_second_unreversed_rating_for_the_same_month_is_refused(org):
    first = org.record_rating("M1", "2026-03", Decimal(8), "sec")["entry_id"]
    refuses(org, lambda: org.record_rating("M1", "2026-03", Decimal(9), "sec"),
            Refused, rf"member M1 already has a rating for 2026-03 \(entry {first}\); reverse it first")


def test_a_rating_is_accepted_again_after_the_first_is_reversed(org):
    first = org.record_rating("M1", "2026-03", Decimal(8), "sec")["entry_id"]
    org.reverse(first, "wrong member", "sec")
    org.record_rating("M1", "2026-03", Decimal(6), "sec")
    assert month_score(org, "M1", "2026-03")["total"] == 6.0


def test_dues_twice_for_the_same_month_are_refused(org):
    first = org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 1), "sec")["entry_id"]
    refuses(org, lambda: org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 2), "sec"),
            Refused, rf"dues for 2026-03 are already recorded for member M1 \(entry {first}\); "
                     r"reverse that entry first")


def test_dues_are_accepted_again_after_the_first_payment_is_reversed(org):
    first = org.record_dues("M1", "2026-03", Decimal(5), date(2026, 4, 2), "sec")["entry_id"]
    assert month_score(org, "M1", "2026-03")["total"] == 0.0
    org.reverse(first, "the payment was on time", "sec")
    org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 30), "sec")
    assert month_score(org, "M1", "2026-03")["total"] == 2.0


def test_dues_for_another_month_are_accepted(org):
    org.record_dues("M1", "2026-03", Decimal(5), date(2026, 3, 1), "sec")
    org.record_dues("M1", "2026-04", Decimal(5), date(2026, 3, 1), "sec")
