"""Reads whose scope shows only in the answer (whose history an id is) or narrows the question
itself (the deduction register). Shared by the HTTP routes and the web pages so that both ask
exactly the same question of the access policy."""

from __future__ import annotations

from typing import Any

from commands.service.access import Guard
from commands.service.authorised import authorise, authorised_read
from commands.service.audit_queries import Deductions, History
from commands.service.model_base import build, plain
from ledger.errors import NotFound
from ledger.users import User


def _in_scope(guard: Guard, key: str, what: str) -> None:
    """The stored events of an id go to whoever reaches what the id names."""
    if what == "member":
        guard.member(key)
    elif what == "branch":
        guard.branch(key)
    elif what == "unit":
        guard.unit(key)
    elif what == "entry":
        guard.entry(key)
    elif what == "user" and key != guard.user.name:
        raise NotFound(key)  # a user's history is their own, or an admin's through the users list
    # rule books are the whole organisation's: every role that reads history sees them


def history_in_scope(guard: Guard, ledger: Any, key: str, kind: str | None) -> dict:
    """Every stored event of an id (the History query's answer), if the caller reaches it;
    unknown and outside the scope are told alike."""
    query = build(History, {"key": key, "kind": kind} if kind else {"key": key})
    guard.allow("history")
    try:
        data = plain(ledger.ask(query))
        _in_scope(guard, key, data["kind"])
    except NotFound:
        raise NotFound(f"no {kind or 'member, branch, unit, rule book, user or entry'} with id '{key}'") from None
    return data


def deductions_in_scope(ledger: Any, user: User, query: Deductions) -> list[dict]:
    """The deduction register as the caller may see it. Where the caller's scope is one branch or
    one member, the question itself is narrowed to it, so that the read log (the look is
    recorded) names only what was shown; any other row outside the scope is left out."""
    def narrowed(guard: Guard) -> Deductions:
        guard.allow("deductions.read")
        if query.branch:
            guard.branch(query.branch)
        if query.member:
            guard.member(query.member)
        return query.model_copy(update={
            "branch": query.branch or (guard.user.scope_id if guard.scope.level == "branch" else None),
            "member": query.member or guard.scope.member_id})
    asked = authorise(ledger, user, narrowed)
    rows = plain(ledger.ask(asked))  # outside the check's connection: the look is itself a write
    return authorised_read(ledger, user, lambda guard: guard.only_in_scope(rows, "branch_id", "member_id"))
