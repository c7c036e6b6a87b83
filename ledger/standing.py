"""Pure rules of standing over months (DOMAIN §3, §6): last place, streaks and the alerts they raise.

An alert is raised in the month a streak reaches its threshold; a streak resets when the
thing stops (the branch leaves last place, the member pays or attends).
"""

from __future__ import annotations

from dataclasses import dataclass

BRANCH_ALERTS = ("criticism_notice", "admonishment_talk")
MEMBER_ALERTS = ("dues_warning", "deemed_left_review")


@dataclass(frozen=True)
class Alert:
    kind: str
    subject_id: str
    month: str
    detail: str


def last_place(ranks: dict[str, int]) -> set[str]:
    """Those sharing the worst rank, if someone ranks above them: a lone or all-tied field has no last."""
    worst = max(ranks.values(), default=1)
    return {key for key, rank in ranks.items() if rank == worst} if worst > 1 else set()


def branch_streak_alerts(branch_id: str, month: str, streak: int, category: str,
                         criticism_at: int, admonishment_at: int) -> list[Alert]:
    alerts = []
    for kind, threshold in (("criticism_notice", criticism_at), ("admonishment_talk", admonishment_at)):
        if streak == threshold:
            alerts.append(Alert(kind, branch_id, month,
                                f"last place in {category} for {streak} months in a row up to {month}"))
    return alerts


@dataclass(frozen=True)
class MemberThresholds:
    dues_warning: int
    dues_deemed_left: int
    no_meeting_deemed_left: int


def member_alerts(member_id: str, months: list[str], paid: set[str], attended: set[str],
                  thresholds: dict[str, MemberThresholds]) -> list[Alert]:
    """Alerts over the member's months (from the month they joined): dues and attendance streaks."""
    alerts: list[Alert] = []
    unpaid = absent = 0
    for month in months:
        rules = thresholds[month]
        unpaid = 0 if month in paid else unpaid + 1
        absent = 0 if month in attended else absent + 1
        if unpaid == rules.dues_warning:
            alerts.append(Alert("dues_warning", member_id, month,
                                f"dues unpaid for {unpaid} consecutive months up to {month}"))
        reasons = []
        if unpaid == rules.dues_deemed_left:
            reasons.append(f"dues unpaid for {unpaid} consecutive months")
        if absent == rules.no_meeting_deemed_left:
            reasons.append(f"no meeting attended for {absent} consecutive months")
        if reasons:
            alerts.append(Alert("deemed_left_review", member_id, month,
                                " and ".join(reasons) + f" up to {month} (Party Constitution art. 9)"))
    return alerts
