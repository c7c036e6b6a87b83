"""The audit reads checked against the caller's scope: an id's history, the deduction register
and who looked at it. One place for the HTTP routes (commands/http/routes_audit.py) and the
pages (commands/web/drill.py, appeals.py, audit.py)."""

from __future__ import annotations

from typing import Any

from commands.service.access import Guard, authorise, authorised_read
from commands.service.history import history
from ledger.errors import NotFound, Refused
from ledger.users import User
from projections.deductions import Filters, read_audit


def history_in_scope(guard: Guard, ledger: Any, key: str, kind: str | None) -> dict:
    """Every stored event of `key`, if the caller may read history and `key` is in scope;
    unknown and outside are told alike."""
    guard.allow("history")
    unknown = NotFound(f"no {kind or 'member, branch, unit, rule book, user or entry'} with id '{key}'")
    try:
        data = history(guard.conn, ledger.events_table, ledger.mapper.transcoder, key, kind)
    except NotFound:
        raise unknown from None
    what = data["kind"]
    try:
        if what == "member":
            guard.member(key)
        elif what == "branch":
            guard.branch(key)
        elif what == "unit":
            guard.unit(key)
        elif what == "entry":
            guard.entry(key)
        elif what == "user" and key != guard.user.name:
            raise NotFound(key)  # a user's history is their own, or an admin's through the user list
    except NotFound:
        raise unknown from None
    return data  # rule books are the whole organisation's: every role that reads history sees them


def history_for(ledger: Any, caller: User, key: str, kind: str | None = None) -> dict:
    return authorised_read(ledger, caller, lambda guard: history_in_scope(guard, ledger, key, kind))


def deduction_register(ledger: Any, caller: User, branch: str | None = None, member: str | None = None,
                       month_from: str | None = None, month_to: str | None = None, status: str | None = None,
                       inspector: str | None = None) -> list[dict]:
    """The deduction register, within scope; a look that shows members' rows is recorded."""
    if month_from and month_to and month_from > month_to:
        raise Refused(f"from {month_from} is after to {month_to}")

    def narrowed(guard: Guard) -> Filters:
        guard.allow("deductions.read")
        if branch:
            guard.branch(branch)
        if member:
            guard.member(member)
        # Narrow the question itself where the scope is one branch or one member, so that the
        # read log records only what was shown.
        return Filters(branch=branch or (guard.user.scope_id if guard.scope.level == "branch" else None),
                       member=member or guard.scope.member_id, month_from=month_from, month_to=month_to,
                       status=status, inspector=inspector)
    filters = authorise(ledger, caller, narrowed)
    rows = ledger.look_at_deductions(filters, caller.label)
    return authorised_read(ledger, caller, lambda guard: guard.only_in_scope(rows, "branch_id", "member_id"))


def read_audit_in_scope(ledger: Any, caller: User, member: str | None = None) -> list[dict]:
    """Who looked at members' deductions: the looks that showed a member in scope."""
    def read(guard: Guard) -> list[dict]:
        guard.allow("audit.reads")
        if member:
            guard.member(member)
        return [row for row in read_audit(guard.conn, member)
                if any(guard.sees_member(shown) for shown in row["members_shown"])]
    return authorised_read(ledger, caller, read)
