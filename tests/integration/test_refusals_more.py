"""Refused writes, continued from test_refusals.py: the roll, meetings, duplicate ids and
reversals. Each test asserts the error AND that nothing was written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import Refused
from ledger.rule_book_content import default_rule_book, parse_rule_book, rule_book_json
from tests.builders import ledger_fingerprint
from tests.integration.test_refusals import refuses


# --- on the roll ----------------------------------------------------------------------------

def test_an_entry_dated_before_the_member_joined_is_refused(org):
    refuses(org, lambda: org.record_commendation("M1", date(2024, 12, 31), "t", "sec"),
            Refused, r"member M1 joined on 2025-01-01; 2024-12-31 is before that")


def test_dues_for_a_month_before_the_member_joined_are_refused(org):
    refuses(org, lambda: org.record_dues("M1", "2024-12", Decimal(5), date(2025, 1, 3), "sec"),
            Refused, r"member M1 joined on 2025-01-01; 2024-12 is before that")


def test_a_rating_for_a_month_before_the_member_joined_is_refused(org):
    refuses(org, lambda: org.record_rating("M1", "2024-12", Decimal(5), "sec"),
            Refused, r"member M1 joined on 2025-01-01; 2024-12 is before that")


def test_a_meeting_before_a_listed_member_joined_is_refused(org):
    org.add_member("M7", "Late joiner", "B1", date(2026, 6, 1), "full", "sec")
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 5, 31), ["M1", "M7"], [], [], "sec"),
            Refused, r"member M7 was not in branch B1 on 2026-05-31")


def test_a_meeting_of_the_old_branch_after_a_transfer_is_refused_for_that_member(org):
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 6, 15), ["M1", "M2"], [], [], "sec"),
            Refused, r"member M1 was not in branch B1 on 2026-06-15")
    org.record_meeting("B1", "group", date(2026, 6, 14), ["M1", "M2"], [], [], "sec")
    org.record_meeting("B2", "group", date(2026, 6, 15), ["M1", "M6"], [], [], "sec")


def test_a_meeting_of_the_new_branch_before_the_transfer_is_refused_for_that_member(org):
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    refuses(org, lambda: org.record_meeting("B2", "group", date(2026, 6, 14), ["M1"], [], [], "sec"),
            Refused, r"member M1 was not in branch B2 on 2026-06-14")


def test_a_member_cannot_join_before_the_branch_was_established(org):
    refuses(org, lambda: org.add_member("M7", "Early", "B1", date(2023, 12, 31), "full", "sec"),
            Refused, r"branch B1 was established on 2024-01-01; joined 2023-12-31 is before that")


def test_a_transfer_not_after_the_current_stay_began_is_refused(org):
    refuses(org, lambda: org.transfer_member("M1", "B2", date(2025, 1, 1), "sec"),
            Refused, r"member M1 joined branch B1 on 2025-01-01; a transfer must be dated after that")


def test_a_transfer_to_the_current_branch_is_refused(org):
    refuses(org, lambda: org.transfer_member("M1", "B1", date(2026, 3, 1), "sec"),
            Refused, r"member M1 is already in branch B1")


# --- meetings -------------------------------------------------------------------------------

def test_a_member_listed_twice_in_one_meeting_is_refused(org):
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 1), ["M1", "M2"], ["M2"], [], "sec"),
            Refused, r"member M2 is listed twice in this meeting")


def test_a_member_listed_twice_as_attended_is_refused(org):
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 1), ["M1", "M1"], [], [], "sec"),
            Refused, r"member M1 is listed twice in this meeting")


def test_a_meeting_with_nobody_listed_is_refused(org):
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 1), [], [], [], "sec"),
            Refused, r"a meeting needs at least one member listed as attended, excused or absent")


# --- duplicate ids --------------------------------------------------------------------------

def test_a_duplicate_unit_id_is_refused(org):
    refuses(org, lambda: org.add_unit("C1", "Another", "committee", None, "sec"),
            Refused, r"unit id 'C1' is already used")


def test_a_duplicate_branch_id_is_refused(org):
    refuses(org, lambda: org.add_branch("B1", "Another", "production", "G1", date(2025, 1, 1), "sec"),
            Refused, r"branch id 'B1' is already used")


def test_a_duplicate_member_id_is_refused(org):
    refuses(org, lambda: org.add_member("M1", "Another", "B2", date(2025, 1, 1), "full", "sec"),
            Refused, r"member id 'M1' is already used")


@pytest.mark.parametrize("bad", ["", "has space", "a,b", "a/b", "x" * 65, "\u041c1", "M\u202e1", "M\U0001f600"])
def test_a_malformed_member_id_is_refused(org, bad):
    refuses(org, lambda: org.add_member(bad, "N", "B1", date(2025, 1, 1), "full", "sec"),
            Refused, r"member id '.*' must be 1-64 characters: ASCII letters, digits, '-', '_' or '.'")


def test_an_entry_id_reused_with_other_content_is_refused(org):
    org.record_study("M1", date(2026, 3, 1), "topic", "sec", entry_id="E1")
    refuses(org, lambda: org.record_study("M1", date(2026, 3, 2), "topic", "sec", entry_id="E1"),
            Refused, r"entry id E1 is already used by a different entry")
    refuses(org, lambda: org.record_study("M2", date(2026, 3, 1), "topic", "sec", entry_id="E1"),
            Refused, r"entry id E1 is already used by a different entry")
    refuses(org, lambda: org.record_commendation("M1", date(2026, 3, 1), "topic", "sec", entry_id="E1"),
            Refused, r"entry id E1 is already used by a different entry")
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 1), ["M1"], [], [], "sec", "E1"),
            Refused, r"entry id E1 is already used by a different entry")
    refuses(org, lambda: org.reverse("E1", "mistake", "sec", entry_id="E1"),
            Refused, r"entry id E1 is already used by a different entry")


def test_a_meeting_whose_attendance_line_id_is_already_used_is_refused(org, monkeypatch):
    # A new id cannot hold a slash any more; a ledger written before that rule may have one.
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr("commands.service.handlers.entries.is_new_id", lambda value, longest: True)
        org.record_study("M2", date(2026, 3, 1), "topic", "sec", entry_id="MEET/M1")
    refuses(org, lambda: org.record_meeting("B1", "group", date(2026, 3, 2), ["M1"], [], [], "sec", "MEET"),
            Refused, r"entry id MEET/M1 is already used")


@pytest.mark.parametrize("bad", ["has space", "x" * 121, "MEET/M1", "\u0435-1", "e\u202e1"])
def test_a_malformed_entry_id_is_refused(org, bad):
    refuses(org, lambda: org.record_study("M1", date(2026, 3, 1), "t", "sec", entry_id=bad),
            Refused, r"entry id '.*' must be 1-120 characters: ASCII letters, digits, '-', '_' or '.'")


# --- reversals ------------------------------------------------------------------------------

def test_reversing_an_entry_twice_is_refused(org):
    entry = org.record_study("M1", date(2026, 3, 1), "topic", "sec")["entry_id"]
    org.reverse(entry, "mistake", "sec")
    refuses(org, lambda: org.reverse(entry, "mistake", "sec"),
            Refused, rf"entry {entry} has already been reversed")


def test_reversing_a_meeting_twice_is_refused(org):
    meeting = org.record_meeting("B1", "group", date(2026, 3, 1), ["M1"], [], [], "sec")["meeting_id"]
    org.reverse(meeting, "mistake", "sec")
    refuses(org, lambda: org.reverse(meeting, "mistake", "sec"),
            Refused, rf"entry {meeting} has already been reversed")


def test_reversing_an_attendance_line_of_a_reversed_meeting_is_refused(org):
    meeting = org.record_meeting("B1", "group", date(2026, 3, 1), ["M1", "M2"], [], [], "sec")["meeting_id"]
    org.reverse(meeting, "mistake", "sec")
    refuses(org, lambda: org.reverse(f"{meeting}/M1", "mistake", "sec"),
            Refused, rf"entry {meeting}/M1 has already been reversed with its meeting {meeting}")


def test_reversing_a_reversal_is_refused(org):
    entry = org.record_study("M1", date(2026, 3, 1), "topic", "sec")["entry_id"]
    reversal = org.reverse(entry, "mistake", "sec")["entry_id"]
    refuses(org, lambda: org.reverse(reversal, "undo", "sec"),
            Refused, rf"entry {reversal} is itself a reversal and cannot be reversed")


def test_a_reversal_without_a_reason_is_refused(org):
    entry = org.record_study("M1", date(2026, 3, 1), "topic", "sec")["entry_id"]
    refuses(org, lambda: org.reverse(entry, "  ", "sec"), Refused, r"a reversal needs a reason")


# --- organisation and rule books ------------------------------------------------------------

def test_a_branch_category_outside_the_rule_book_is_refused(org):
    refuses(org, lambda: org.add_branch("B3", "New", "service", "G1", date(2025, 1, 1), "sec"),
            Refused, r"category 'service' is not one of production, auxiliary, management, marketing, non_public")


def test_a_general_branch_needs_a_committee_above_it(org):
    refuses(org, lambda: org.add_unit("G2", "New", "general_branch", None, "sec"),
            Refused, r"a general branch needs --parent, the committee it belongs to")
    refuses(org, lambda: org.add_unit("G2", "New", "general_branch", "G1", "sec"),
            Refused, r"unit G1 is a general_branch; units sit under a committee")


def test_publishing_a_rule_book_version_twice_is_refused(org):
    refuses(org, lambda: org.publish_rules(default_rule_book(), date(2026, 1, 1), "committee"),
            Refused, r"rule book version 'default-2026' is already published; give the new one another version")


def test_publishing_a_version_again_in_the_same_process_is_refused(org):
    data = rule_book_json(org.rule_book("default-2026"))
    data["version"] = "v2"
    org.publish_rules(parse_rule_book(data), date(2026, 6, 1), "committee")
    for _ in range(2):  # the second time from the application's aggregate cache
        refuses(org, lambda: org.publish_rules(parse_rule_book(data), date(2026, 7, 1), "committee"),
                Refused, r"rule book version 'v2' is already published; give the new one another version")


def test_a_rule_book_read_twice_in_one_process_is_the_same(org):
    assert org.rule_book("default-2026") == org.rule_book("default-2026") == default_rule_book()


def test_initialising_twice_publishes_nothing_more(org):
    before = ledger_fingerprint(org)
    assert org.init("tester") == {"published": None}
    assert ledger_fingerprint(org) == before
