"""The checks of one command's targets, shared by the HTTP routes and the web pages so that both
entrances ask exactly the same question of the access policy (commands/service/access.py)."""

from __future__ import annotations

from typing import Any, Callable

from commands.service.access import Guard


def entry_action(command: str) -> str:
    """Violations are the inspector's to record; every other entry about a member the secretary's."""
    return "entry.violation" if command == "record violation" else "entry.record"


def entry_check(entry: Any) -> Callable[[Guard], Guard]:
    """An entry command (RecordDues ... RecordViolation): its member in scope in its month, or on its day."""
    month = getattr(entry, "month", None)
    return lambda g: g.allow(entry_action(entry.command)).member(
        entry.member, on=None if month else getattr(entry, "on", None), month=month)


def meeting_check(meeting: Any) -> Callable[[Guard], Guard]:
    """A meeting: its branch in scope, and every member listed in it on the day."""
    listed = meeting.attended + meeting.excused + meeting.absent
    return lambda g: g.allow("meeting.record").branch(meeting.branch).members(listed, on=meeting.on)


def objection_subject(guard: Guard, subject: str) -> Guard:
    """An objection is about a branch, or else a member, in the caller's scope."""
    return guard if guard.scope.has_branch(subject) else guard.member(subject)
