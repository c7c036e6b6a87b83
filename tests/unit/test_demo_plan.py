"""The demo's plan: a deterministic year of a realistic organisation, checked without a database."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ledger.dates import last_day, month_of
from commands.demo.org import BRANCHES, INSPECTOR
from commands.demo.plan import make_plan, year_before

TODAY = date(2026, 11, 21)
PLAN = make_plan(TODAY)


def steps(method):
    return [step for step in PLAN.steps if step.method == method]


def test_the_same_day_gives_the_same_plan():
    again = make_plan(TODAY)
    assert [(s.when, s.method, s.kwargs) for s in again.ordered()] == \
        [(s.when, s.method, s.kwargs) for s in PLAN.ordered()]


def test_the_year_is_the_twelve_complete_months_before_today():
    assert year_before(TODAY) == [f"2025-{m}" for m in ("11", "12")] + [f"2026-{m:02d}" for m in range(1, 11)]
    assert year_before(date(2027, 1, 1))[0] == "2026-01"
    assert year_before(date(2027, 1, 1))[-1] == "2026-12"
    assert all(step.when <= TODAY for step in PLAN.steps if step.when != date.min)


def test_organisation_has_every_category_and_enough_members():
    assert {category for _, _, category, _, _ in BRANCHES} == {
        "production", "auxiliary", "management", "marketing", "non_public"}
    assert len(steps("add_unit")) == 3
    assert len(steps("add_branch")) == 9
    assert len(steps("add_member")) == 160
    assert len({s.kwargs["name"] for s in steps("add_member")}) == 160
    assert len(set(PLAN.org.secretaries.values())) == 9


def test_meetings_of_every_kind_with_every_attendance():
    meetings = steps("record_meeting")
    assert {m.kwargs["kind"] for m in meetings} == {"assembly", "lecture", "theme_day", "group", "committee"}
    for listed in ("attended", "excused", "absent"):
        assert sum(len(m.kwargs[listed]) for m in meetings) > 0
    assert all(len(m.kwargs["attended"] + m.kwargs["excused"] + m.kwargs["absent"]) <= 3
               for m in meetings if m.kwargs["kind"] == "committee")


def test_dues_mostly_on_time_some_late_some_missing():
    dues = [s for s in steps("record_dues") if not s.kwargs["entry_id"].endswith("-2")]
    on_time = [s for s in dues if s.kwargs["paid_on"] <= last_day(s.kwargs["month"])]
    late = [s for s in dues if s.kwargs["paid_on"] > last_day(s.kwargs["month"])]
    member_months = sum(1 for p in PLAN.org.people for m in PLAN.months if p.joined_on <= last_day(m))
    assert len(on_time) > 0.8 * member_months
    assert late and len(on_time) + len(late) < member_months


def test_some_study_and_duties_go_past_the_monthly_caps():
    study = Counter((s.kwargs["member_id"], month_of(s.when)) for s in steps("record_study"))
    duties = Counter((s.kwargs["member_id"], month_of(s.when)) for s in steps("record_duty"))
    assert max(study.values()) > 4
    assert max(duties.values()) * 2 > 6


def test_awards_of_several_levels_and_commendations():
    assert len({s.kwargs["level"] for s in steps("record_award")}) >= 3
    assert steps("record_commendation")


def test_violations_carry_due_process_and_are_recorded_by_the_inspector():
    violations = steps("record_violation")
    assert len(violations) == 4
    for step in violations:
        assert step.kwargs["actor"] == INSPECTOR
        assert step.kwargs["decision_ref"].startswith("集团纪委〔")
        assert step.kwargs["issued_by"] and step.kwargs["evidence_ref"]


def test_reversals_name_an_earlier_entry_and_a_reason():
    ordered = PLAN.ordered()
    for index, step in enumerate(ordered):
        if step.method != "reverse":
            continue
        assert step.kwargs["reason"].strip()
        earlier = [s.kwargs.get("entry_id") or s.kwargs.get("meeting_id") for s in ordered[:index]]
        assert step.kwargs["target"] in earlier
    assert len(steps("reverse")) == 6
    assert [s.kwargs["actor"] for s in steps("reverse")].count(INSPECTOR) == 1


def test_transfers_and_a_change_of_status():
    assert len(steps("transfer_member")) == 2
    assert [s.kwargs["status"] for s in steps("change_status")] == ["full"]
