"""The checks of one command's targets, shared by the HTTP routes and the web pages so that both
entrances ask exactly the same question of the access policy (commands/service/access/access.py)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from commands.service.access.access import Guard
from ledger.errors import Forbidden


# A spreadsheet (commands/files/sheet_layout.py) -> the action its rows need: a roster adds
# members (the admin's), entries and meetings are the secretary's records.
SHEET_ACTIONS = {"roster": "org.write", "entries": "entry.record", "meetings": "meeting.record"}


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


def branch_entry_check(entry: Any) -> Callable[[Guard], Guard]:
    """A branch deduction or a veto: the inspector's, its branch in scope."""
    action = "branch.veto" if entry.command == "record veto" else "branch.deduction"
    return lambda g: g.allow(action).branch(entry.branch)


def under_parent(parent: str | None) -> Callable[[Guard], Guard]:
    """A new unit or branch goes under a unit in scope; only the command line adds a top."""
    def check(g: Guard) -> Guard:
        g.allow("org.write")
        if parent is None:
            raise Forbidden("a unit or branch with no parent is added on the command line")
        return g.unit(parent)
    return check


def org_check(command: Any) -> Callable[[Guard], Guard]:
    """An organisation command (AddUnit ... AppointSecretary): what it names inside the admin's scope."""
    def check(g: Guard) -> Guard:
        if command.command in ("unit add", "branch add"):
            return under_parent(command.parent)(g)
        g.allow("org.write")
        if command.command == "member add":
            return g.branch(command.branch)
        if command.command == "member transfer":
            return g.member(command.member).branch(command.to)
        if command.command == "member status":
            return g.member(command.member)
        if command.command == "branch secretary":
            return g.branch(command.branch).member(command.member, on=command.since)
        raise Forbidden(f"'{command.command}' is not an organisation command")  # deny by default
    return check


def command_check(command: Any) -> Callable[[Guard], Guard]:
    """The check of any command a file may hold (a spreadsheet's rows): the same as its own route's."""
    if command.command == "record meeting":
        return meeting_check(command)
    if command.command in ("record branch-deduction", "record veto"):
        return branch_entry_check(command)
    if command.command.startswith("record "):
        return entry_check(command)
    return org_check(command)


@contextmanager
def row_checks(ledger: Any, user: Any) -> Iterator[Callable[[Any], Guard]]:
    """The check of each row of a file `user` imports, over one guard: the scope is read once
    (a transaction that is then ended, so the import's own write never waits on it); members
    are checked on their own aggregates, as every write checks them."""
    with ledger.reading() as conn:
        guard = Guard(conn, user, ledger)
        conn.rollback()
        yield lambda command: command_check(command)(guard)
