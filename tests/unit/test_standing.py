"""Pure rules of standing: last place with ties, streaks that reset, member alerts."""

from __future__ import annotations

from ledger.dates import months_between
from ledger.standing import MemberThresholds, branch_streak_alerts, last_place, member_alerts

THRESHOLDS = MemberThresholds(dues_warning=3, dues_deemed_left=6, no_meeting_deemed_left=6)


def test_ties_share_last_place():
    assert last_place({"B1": 1, "B2": 2, "B3": 2}) == {"B2", "B3"}


def test_a_lone_branch_or_an_all_tied_field_has_no_last_place():
    assert last_place({"B1": 1}) == set()
    assert last_place({"B1": 1, "B2": 1}) == set()


def test_branch_alert_is_raised_in_the_month_the_streak_reaches_its_threshold():
    kinds = {streak: [a.kind for a in branch_streak_alerts("B1", "2026-03", streak, "production", 3, 6)]
             for streak in range(1, 8)}
    assert kinds == {1: [], 2: [], 3: ["criticism_notice"], 4: [], 5: [], 6: ["admonishment_talk"], 7: []}


def test_member_dues_streak_resets_when_the_member_pays():
    months = months_between("2026-01", "2026-09")
    paid = {"2026-03"}  # Jan, Feb unpaid; paid Mar; Apr-Jun unpaid -> warning in June
    attended = set(months)
    alerts = member_alerts("M1", months, paid, attended, {m: THRESHOLDS for m in months})
    assert [(a.kind, a.month) for a in alerts] == [("dues_warning", "2026-06"), ("deemed_left_review", "2026-09")]


def test_six_months_without_an_attended_meeting_is_a_deemed_left_review():
    months = months_between("2026-01", "2026-07")
    alerts = member_alerts("M1", months, set(months), {"2026-01"}, {m: THRESHOLDS for m in months})
    assert [(a.kind, a.month) for a in alerts] == [("deemed_left_review", "2026-07")]
    assert "no meeting attended for 6 consecutive months" in alerts[0].detail
