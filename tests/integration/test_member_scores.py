"""Member monthly scores through the application and the projection, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import NotFound, Refused
from ledger.rule_book_content import parse_rule_book, rule_book_json
from tests.builders import event_count, ledger_fingerprint
from tests.reads import explain, month_score, year_score


def test_meeting_attendance_scores_each_listed_member(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], ["M3"], ["M4"], "sec")
    assert month_score(org, "M1", "2026-03")["total"] == 2.0
    assert month_score(org, "M3", "2026-03")["total"] == 0.0
    assert month_score(org, "M4", "2026-03")["total"] == -2.0
    assert month_score(org, "M5", "2026-03")["total"] == 0.0


@pytest.mark.parametrize("kind, points", [("assembly", 2.0), ("lecture", 2.0), ("theme_day", 2.0),
                                          ("group", 1.0), ("committee", 1.0)])
def test_attending_each_kind_of_meeting_scores_its_points(org, kind, points):
    org.record_meeting("B1", kind, date(2026, 3, 5), ["M1"], ["M2"], ["M3"], "sec")
    assert [month_score(org, m, "2026-03")["parts"]["obligations"] for m in ("M1", "M2", "M3")] == [
        points, 0.0, -2.0]


def test_meeting_and_attendance_are_saved_in_one_atomic_save(org):
    before = event_count(org)
    result = org.record_meeting("B1", "lecture", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec")
    assert event_count(org) == before + 4
    assert [line["entry_id"] for line in result["attendance"]] == [
        f"{result['meeting_id']}/M1", f"{result['meeting_id']}/M2", f"{result['meeting_id']}/M3"]


def test_dues_paid_by_the_months_last_day_score_2(org):
    org.record_dues("M1", "2026-03", Decimal("25.5"), date(2026, 3, 31), "sec")
    assert month_score(org, "M1", "2026-03")["parts"] == {
        "obligations": 2.0, "role": 0.0, "excellence": 0.0, "deductions": 0.0}


def test_late_dues_score_0_in_the_month_they_are_for_not_the_month_paid(org):
    org.record_dues("M1", "2026-03", Decimal("25.5"), date(2026, 4, 1), "sec")
    march = explain(org, "M1", "2026-03")
    assert [(line["rule"], line["points"], line["occurred_on"]) for line in march["lines"]] == [
        ("default-2026/dues.late", 0.0, "2026-04-01")]
    assert explain(org, "M1", "2026-04")["lines"] == []


def test_a_rating_counts_its_value_in_the_role_part_of_the_month_it_is_for(org):
    org.record_rating("M1", "2026-03", Decimal("7.5"), "sec")
    assert month_score(org, "M1", "2026-03")["parts"]["role"] == 7.5
    assert month_score(org, "M1", "2026-03")["total"] == 7.5
    (line,) = explain(org, "M1", "2026-03")["lines"]
    assert (line["kind"], line["occurred_on"]) == ("rating", "2026-03-31")


def test_study_scores_1_each_up_to_4_a_month(org):
    for day in range(1, 7):
        org.record_study("M1", date(2026, 3, day), "Party Constitution", "sec")
    lines = explain(org, "M1", "2026-03")["lines"]
    assert [line["points"] for line in lines] == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    assert [line["capped"] for line in lines] == [False] * 4 + [True, True]
    assert month_score(org, "M1", "2026-03")["total"] == 4.0
    assert month_score(org, "M1", "2026-03")["capped"] == 2


def test_vanguard_duty_and_volunteer_service_score_2_each_up_to_6_together(org):
    for day, kind in ((2, "vanguard"), (3, "volunteer"), (4, "volunteer"), (5, "vanguard")):
        org.record_duty("M1", date(2026, 3, day), kind, "sec")
    assert month_score(org, "M1", "2026-03")["parts"]["role"] == 6.0
    assert [line["capped"] for line in explain(org, "M1", "2026-03")["lines"]] == [False, False, False, True]


def test_commendation_scores_3_in_excellence(org):
    org.record_commendation("M1", date(2026, 3, 9), "Flood relief", "sec")
    assert month_score(org, "M1", "2026-03")["parts"]["excellence"] == 3.0


@pytest.mark.parametrize("level, points", [("branch", 2.0), ("company", 5.0), ("city", 10.0),
                                           ("province", 15.0), ("national", 20.0)])
def test_an_award_scores_by_its_level(org, level, points):
    org.record_award("M1", date(2026, 3, 9), level, "Model worker", "sec")
    assert month_score(org, "M1", "2026-03")["parts"]["excellence"] == points


def test_a_violation_deducts_20(org):
    org.record_violation("M1", date(2026, 3, 2), "misuse of funds", "纪检〔2026〕3号", "Discipline Committee",
                         "insp", evidence_ref="file 7")
    assert month_score(org, "M1", "2026-03")["parts"]["deductions"] == -20.0
    assert month_score(org, "M1", "2026-03")["total"] == -20.0


def test_the_month_score_is_the_sum_of_its_parts(org):
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1"], [], [], "sec")
    org.record_dues("M1", "2026-03", Decimal(10), date(2026, 3, 10), "sec")
    org.record_study("M1", date(2026, 3, 11), "topic", "sec")
    org.record_rating("M1", "2026-03", Decimal(8), "sec")
    org.record_duty("M1", date(2026, 3, 12), "volunteer", "sec")
    org.record_award("M1", date(2026, 3, 13), "company", "prize", "sec")
    org.record_violation("M1", date(2026, 3, 14), "r", "D-1", "DC", "insp")
    score = month_score(org, "M1", "2026-03")
    assert score["parts"] == {"obligations": 5.0, "role": 10.0, "excellence": 5.0, "deductions": -20.0}
    assert score["total"] == 0.0
    assert score["rule_book"] == "default-2026"


def test_the_annual_score_is_the_sum_of_the_months_from_joining(org):
    org.record_study("M1", date(2026, 1, 5), "t", "sec")
    org.record_commendation("M1", date(2026, 3, 5), "t", "sec")
    org.record_violation("M1", date(2026, 11, 2), "r", "D-1", "DC", "insp")
    data = year_score(org, "M1", "2026")
    assert data["total"] == -16.0
    assert list(data["months"]) == [f"2026-{m:02d}" for m in range(1, 12)]
    assert (data["months"]["2026-01"], data["months"]["2026-02"], data["months"]["2026-03"],
            data["months"]["2026-11"]) == (1.0, 0.0, 3.0, -20.0)


def test_the_annual_score_starts_in_the_month_the_member_joined(org):
    org.add_member("M7", "Late joiner", "B1", date(2026, 9, 20), "probationary", "sec")
    org.record_study("M7", date(2026, 9, 25), "t", "sec")
    data = year_score(org, "M7", "2026")
    assert data["months"] == {"2026-09": 1.0, "2026-10": 0.0, "2026-11": 0.0}
    assert data["total"] == 1.0


# --- reversal -------------------------------------------------------------------------------

def test_study_cap_and_reversal_inside_the_cap(org):
    ids = [org.record_study("M1", date(2026, 3, day), "topic", "sec")["entry_id"] for day in range(1, 6)]
    first = explain(org, "M1", "2026-03")
    assert first["total"] == 4.0
    assert [line["capped"] for line in first["lines"]] == [False, False, False, False, True]
    org.reverse(ids[0], "recorded twice", "sec")
    second = explain(org, "M1", "2026-03")
    assert second["total"] == 4.0
    assert [(line["reversed"], line["capped"], line["points"]) for line in second["lines"]] == [
        (True, False, 0.0), (False, False, 1.0), (False, False, 1.0), (False, False, 1.0), (False, False, 1.0)]


def test_a_reversed_entry_stays_in_the_explanation_with_its_reason_and_scores_nothing(org):
    violation = org.record_violation("M1", date(2026, 3, 2), "r", "D-1", "DC", "insp")["entry_id"]
    reversal = org.reverse(violation, "revoked on appeal", "insp2")
    (line,) = explain(org, "M1", "2026-03")["lines"]
    assert (line["entry_id"], line["points"], line["reversed"], line["reversed_by"], line["reversal_reason"]) == (
        violation, 0.0, True, reversal["entry_id"], "revoked on appeal")
    assert month_score(org, "M1", "2026-03")["total"] == 0.0
    assert month_score(org, "M1", "2026-03")["reversed"] == 1


def test_reversing_a_meeting_reverses_every_attendance_line_it_produced(org):
    meeting = org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M3"], "sec")
    org.reverse(meeting["meeting_id"], "held on another date", "sec")
    for member_id in ("M1", "M2", "M3"):
        (line,) = explain(org, member_id, "2026-03")["lines"]
        assert (line["points"], line["reversed"]) == (0.0, True)
        assert month_score(org, member_id, "2026-03")["total"] == 0.0


def test_reversing_one_attendance_line_leaves_the_rest_of_the_meeting(org):
    meeting = org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], [], "sec")
    org.reverse(f"{meeting['meeting_id']}/M2", "was not there", "sec")
    assert month_score(org, "M1", "2026-03")["total"] == 2.0
    assert month_score(org, "M2", "2026-03")["total"] == 0.0


# --- transfers ------------------------------------------------------------------------------

def test_a_transferred_member_keeps_their_scores_across_branches(org):
    org.record_meeting("B1", "assembly", date(2026, 6, 10), ["M1"], [], [], "sec")
    org.transfer_member("M1", "B2", date(2026, 6, 15), "sec")
    org.record_meeting("B2", "lecture", date(2026, 6, 20), ["M1", "M6"], [], [], "sec")
    assert month_score(org, "M1", "2026-06")["total"] == 4.0
    assert [line["detail"]["branch_id"] for line in explain(org, "M1", "2026-06")["lines"]] == ["B1", "B2"]


# --- the rule book in force by date ---------------------------------------------------------

def _publish_v2(ledger, effective: date, points: dict[str, int] | None = None) -> None:
    data = rule_book_json(ledger.rule_book("default-2026"))
    data["version"] = "v2"
    for key, value in (points or {"study": 3}).items():
        data["member"]["rules"][key]["points"] = value
    ledger.publish_rules(parse_rule_book(data), effective, "committee")


def test_entries_are_scored_by_the_rule_book_in_force_on_their_date(org):
    org.record_study("M1", date(2026, 6, 14), "t", "sec")
    org.record_study("M1", date(2026, 6, 15), "t", "sec")
    _publish_v2(org, date(2026, 6, 15))
    data = explain(org, "M1", "2026-06")
    assert [(line["rule"], line["points"]) for line in data["lines"]] == [
        ("default-2026/study", 1.0), ("v2/study", 3.0)]
    assert data["total"] == 4.0
    assert month_score(org, "M1", "2026-06")["total"] == 4.0
    assert month_score(org, "M1", "2026-06")["rule_book"] == "default-2026, v2"


def test_publishing_a_rule_book_rescores_projected_months_from_its_effective_date_only(org):
    org.record_study("M1", date(2026, 5, 4), "t", "sec")
    org.record_study("M1", date(2026, 7, 4), "t", "sec")
    assert month_score(org, "M1", "2026-07")["total"] == 1.0  # projected under the default
    _publish_v2(org, date(2026, 6, 1))
    assert month_score(org, "M1", "2026-05")["total"] == 1.0
    assert month_score(org, "M1", "2026-07")["total"] == 3.0
    assert month_score(org, "M1", "2026-07")["rule_book"] == "v2"


def test_a_new_rule_book_rescores_late_dues_paid_after_it_took_effect_for_an_earlier_month(org):
    org.record_dues("M1", "2026-01", Decimal(5), date(2026, 2, 10), "sec")
    assert month_score(org, "M1", "2026-01")["total"] == 0.0  # projected: late under the default
    _publish_v2(org, date(2026, 2, 1), {"dues.late": 1})
    assert explain(org, "M1", "2026-01")["total"] == 1.0
    assert month_score(org, "M1", "2026-01")["total"] == 1.0
    assert month_score(org, "M1", "2026-01")["rule_book"] == "v2"


def test_a_month_with_no_entries_names_the_rule_book_in_force_on_its_last_day(org):
    _publish_v2(org, date(2026, 6, 30))
    assert month_score(org, "M1", "2026-05")["rule_book"] == "default-2026"
    assert month_score(org, "M1", "2026-06")["rule_book"] == "v2"
    assert month_score(org, "M1", "2026-06")["total"] == 0.0


def test_refused_write_changes_nothing(org):
    org.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 10), "sec")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="already recorded"):
        org.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 11), "sec")
    with pytest.raises(NotFound, match="no member with id 'M99'"):
        org.record_study("M99", date(2026, 3, 1), "x", "sec")
    assert ledger_fingerprint(org) == before
