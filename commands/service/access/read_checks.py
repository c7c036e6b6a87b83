"""Reads whose scope shows only in the answer (whose history an id is) or narrows the question
itself (the deduction register). Shared by the HTTP routes and the web pages so that both ask
exactly the same question of the access policy."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from commands.service.access.access import Guard
from commands.service.access.authorised import authorise, authorised_read
from commands.service.models.model_base import build, plain
from commands.service.queries.audit_queries import Deductions, History
from commands.service.queries.branch_queries import Document
from commands.service.queries.history import KINDS, history, unknown
from ledger.errors import NotFound
from ledger.users import User
from projections import tables as t


# The longest id any index holds (entry ids, String(200)): a longer one names nothing, and is
# told so before any query.
LONGEST_ID = 200


def _rule_book_exists(conn: Any, version: str) -> bool:
    return conn.execute(select(t.rule_books.c.version).where(t.rule_books.c.version == version)).first() is not None


def _reached(guard: Guard, key: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds of thing `key` may name for this caller, decided from indexes alone (the scope,
    members' stays, the rule book table, the entry index) before any event is read. Every
    kind asks the same questions whether `key` exists outside the scope or not at all, so the
    work, and the time it takes, cannot tell the two apart."""
    def entry_reached() -> bool:
        try:
            guard.entry(key)
            return True
        except NotFound:
            return False
    reaches = {"member": lambda: guard.sees_member(key), "branch": lambda: guard.scope.has_branch(key),
               "unit": lambda: guard.scope.has_unit(key), "rulebook": lambda: _rule_book_exists(guard.conn, key),
               # a user's history is their own, or an admin's through the users list
               "user": lambda: key == guard.user.name, "entry": entry_reached}
    return tuple(what for what in kinds if reaches[what]())


def history_in_scope(guard: Guard, ledger: Any, key: str, kind: str | None) -> dict:
    """Every stored event of an id (the History query's answer), if the caller reaches it;
    unknown and outside the scope are told alike, and an id that names two things is refused
    as ambiguous only to a caller who reaches both."""
    build(History, {"key": key, "kind": kind} if kind else {"key": key})
    guard.allow("history")
    reached = _reached(guard, key, (kind,) if kind else KINDS) if len(key) <= LONGEST_ID else ()
    if not reached:
        raise unknown(key, kind)
    try:
        with ledger.engine.connect() as conn:
            return plain(Document(history(conn, ledger.events_table, ledger.mapper.transcoder, key, kind,
                                          among=reached)))
    except NotFound:
        raise unknown(key, kind) from None


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
