"""Who may do what, and where: the one place a permission is decided (docs/domain.md §1).

Two questions, asked in this order:
1. May this role do this action at all (given the level of its scope)? If not: Forbidden (403).
2. Is the thing acted on inside the caller's scope? If not: NotFound, worded exactly like an
   unknown id (404), so that scope cannot be probed.
Nothing is allowed that no rule below allows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from commands.store import entry_index
from ledger.dates import first_day, last_day, parse_month
from ledger.errors import Forbidden, NotFound
from ledger.ids import shown_id
from ledger.member import Member
from ledger.users import User
from projections import tables as t

Stays = Callable[[str], list]  # member id -> [(branch id, from, until or None)]

ANY = None  # any level of scope
COMMITTEE = frozenset({"committee"})
GENERAL_BRANCH = frozenset({"general_branch"})
READ = "read"  # organisation reads and figures: scores, explanations, stars, rankings

# role -> action -> the scope levels it is allowed from (ANY: whatever the scope).
RULES: dict[str, dict[str, frozenset[str] | None]] = {
    "admin": {"users.manage": ANY, "org.write": ANY, READ: ANY, "history": ANY},
    "secretary": {"entry.record": ANY, "meeting.record": ANY, "reversal.entry": ANY, "assess.self": ANY,
                  READ: ANY, "history": ANY},
    "reviewer": {"assess.preliminary": GENERAL_BRANCH, "assess.final": COMMITTEE,
                 "month.close": COMMITTEE, "month.seal": COMMITTEE, "objection.resolve": COMMITTEE,
                 "rulebook.publish": COMMITTEE, READ: ANY, "history": ANY},
    "inspector": {"entry.violation": ANY, "branch.deduction": ANY, "branch.veto": ANY,
                  "appeal.decide": ANY, "reversal.violation": ANY, "deductions.read": ANY,
                  READ: ANY, "history": ANY},
    "auditor": {READ: ANY, "history": ANY, "deductions.read": ANY, "verify": ANY, "export": ANY,
                "audit.reads": ANY},
    "member": {READ: ANY, "history": ANY, "deductions.read": ANY, "appeal.file": ANY,
               "objection.file": ANY},
}
ACTIONS = sorted({action for actions in RULES.values() for action in actions})
# Entry kinds recorded by an inspector; reversing one of them is the inspector's, not the secretary's.
INSPECTOR_KINDS = ("violation", "branch_deduction", "veto")
ASSESS_ACTIONS = {"self": "assess.self", "preliminary": "assess.preliminary", "final": "assess.final"}


def permitted(role: str, level: str, action: str) -> bool:
    """Whether `role`, holding a scope of `level` (committee, general_branch, branch, member),
    may do `action` at all. Deny by default: an unknown role or action is never allowed."""
    levels = RULES.get(role, {}).get(action, False)
    if levels is False:
        return False
    return levels is ANY or level in levels


@dataclass(frozen=True)
class Scope:
    """The part of the organisation a user reaches: a unit and everything under it, a branch,
    or one member."""

    level: str
    units: frozenset[str] = frozenset()
    branches: frozenset[str] = frozenset()
    member_id: str | None = None

    @classmethod
    def of(cls, conn: Connection, user: User) -> "Scope":
        if user.scope_kind == "member":
            return cls(level="member", member_id=user.scope_id)
        if user.scope_kind == "branch":
            return cls(level="branch", branches=frozenset({user.scope_id}))
        units = {row.unit_id: row for row in conn.execute(select(t.units.c.unit_id, t.units.c.kind,
                                                                 t.units.c.parent_id))}
        top = units.get(user.scope_id)
        if top is None:
            return cls(level="nothing")  # a unit not (yet) in the read model reaches nothing
        below = {top.unit_id}
        grew = True
        while grew:
            more = {unit_id for unit_id, row in units.items() if row.parent_id in below} - below
            below |= more
            grew = bool(more)
        branches = {row.branch_id for row in conn.execute(
            select(t.branches.c.branch_id).where(t.branches.c.parent_id.in_(below)))}
        return cls(level=top.kind, units=frozenset(below), branches=frozenset(branches))

    def has_unit(self, unit_id: str) -> bool:
        return unit_id in self.units

    def has_branch(self, branch_id: str) -> bool:
        return branch_id in self.branches

    def has_member(self, stays: Stays, member_id: str, on: date | None = None,
                   month: str | None = None) -> bool:
        """A member is in a branch's scope while they belong to it: on a day, in a month
        (any day of it), or, with neither, today (their current stay)."""
        if member_id == self.member_id:
            return True
        if not self.branches:
            return False
        for branch_id, start, until in stays(member_id):
            if branch_id not in self.branches:
                continue
            if month is not None:
                first, last = first_day(parse_month(month)), last_day(month)
                if start <= last and (until is None or until > first):
                    return True
            elif on is not None:
                if start <= on and (until is None or on < until):
                    return True
            elif until is None:
                return True
        return False


class Guard:
    """One caller's permissions over one read-model connection."""

    def __init__(self, conn: Connection, user: User, ledger: Any = None, caught_up: bool = False,
                 scope: Scope | None = None):
        """`caught_up`: the read model on `conn` holds every event (a read that checked it), so
        members' stays are read from it; else from their aggregates, which are never behind.
        `scope`: the user's, if already known at the read model's position."""
        self.conn = conn
        self.user = user
        self.ledger = ledger
        self.caught_up = caught_up
        self.scope = scope if scope is not None else Scope.of(conn, user)
        self._stays: dict[str, list] = {}

    def stays(self, member_id: str) -> list[tuple[str, date, date | None]]:
        """A member's stays in branches: from the read model when it is caught up (one indexed
        query, where replaying the member's aggregate took a cold explain half its time), else
        from the member's own aggregate when the ledger is at hand (a write: never behind)."""
        if member_id in self._stays:
            return self._stays[member_id]
        if self.ledger is not None and not self.caught_up:
            member = self.ledger.find(Member, member_id)
            return [tuple(stay) for stay in member.stints] if member is not None else []
        return [tuple(row) for row in self.conn.execute(
            select(t.stints.c.branch_id, t.stints.c.from_on, t.stints.c.until_on)
            .where(t.stints.c.member_id == member_id))]

    def allow(self, action: str) -> "Guard":
        if not permitted(self.user.role, self.scope.level, action):
            raise Forbidden(f"a {self.user.role} may not do this")
        return self

    def unit(self, unit_id: str) -> "Guard":
        if not self.scope.has_unit(unit_id):
            raise NotFound(f"no unit with id '{shown_id(unit_id)}'")
        return self

    def branch(self, branch_id: str) -> "Guard":
        if not self.scope.has_branch(branch_id):
            raise NotFound(f"no branch with id '{shown_id(branch_id)}'")
        return self

    def member(self, member_id: str, on: date | None = None, month: str | None = None) -> "Guard":
        if not self.scope.has_member(self.stays, member_id, on, month):
            raise NotFound(f"no member with id '{shown_id(member_id)}'")
        return self

    def sees_member(self, member_id: str) -> bool:
        return self.scope.has_member(self.stays, member_id)

    def members(self, member_ids: list[str], on: date | None = None) -> "Guard":
        if self.ledger is not None and not self.caught_up and member_ids and self.scope.member_id is None:
            self._load_stays(member_ids)  # a meeting's members: their aggregates in one query
        for member_id in member_ids:
            self.member(member_id, on)
        return self

    def _load_stays(self, member_ids: list[str]) -> None:
        try:
            loaded = self.ledger.get_many(Member, member_ids, "member")
        except NotFound:
            return  # an unknown one among them is told by name below
        self._stays.update({member.member_id: [tuple(stay) for stay in member.stints] for member in loaded})

    def scope_target(self, kind: str, target_id: str) -> "Guard":
        """A unit, branch or member id given as someone's scope (e.g. a new user's)."""
        return {"unit": self.unit, "branch": self.branch, "member": self.member}[kind](target_id)

    def only_in_scope(self, rows: list[dict], branch_key: str = "branch_id",
                      member_key: str | None = None) -> list[dict]:
        """The rows of a list that fall in scope: by their branch, or by their member if they
        name one (rows naming neither are dropped: deny by default)."""
        kept = []
        for row in rows:
            if row.get(branch_key) is not None and self.scope.has_branch(row[branch_key]):
                kept.append(row)
            elif member_key and row.get(member_key) is not None and self.scope.has_member(self.stays, row[member_key]):
                kept.append(row)
        return kept

    def whole_organisation(self) -> "Guard":
        """Files that cover every branch (a month's export, with its seal digest over all of
        it) go only to a caller whose scope reaches every branch."""
        every = {row.branch_id for row in self.conn.execute(select(t.branches.c.branch_id))}
        if not every <= self.scope.branches:
            raise Forbidden("a month's export covers the whole organisation; it needs a scope that reaches every branch")
        return self

    def scope_id(self, kind_of: Callable[[str], str], scope: str) -> "Guard":
        """A scope given for someone (a new user's): "C1" or "unit:C1", inside the caller's.
        Unknown and outside are told alike."""
        key = scope.partition(":")[2] if ":" in scope else scope
        try:
            self.scope_target(kind_of(scope), key)
        except NotFound:
            raise NotFound(f"no unit, branch or member with id '{shown_id(key)}'") from None
        return self

    def entry(self, entry_id: str) -> tuple[str, str, str]:
        """(entry kind, holder kind, holder id) of an entry in scope; else NotFound. One indexed
        query reads the entry, its holder and the holder's stays at once, so an entry outside the
        scope costs what an unknown id costs (timing would otherwise tell that it exists)."""
        found = _entry_holder(self.conn, entry_id)
        if found is None:
            raise NotFound(f"no entry with id '{shown_id(entry_id)}'")
        kind, holder_kind, holder_id, stays = found
        if self.caught_up and holder_kind == "member":
            self._stays.setdefault(holder_id, stays)
        inside = (self.scope.has_member(self.stays, holder_id) if holder_kind == "member"
                  else self.scope.has_branch(holder_id))
        if not inside:
            raise NotFound(f"no entry with id '{shown_id(entry_id)}'")
        return kind, holder_kind, holder_id

    def appeal(self, appeal_id: str) -> "Guard":
        """An appeal is in scope when the entry it is against is."""
        row = self.conn.execute(select(entry_index.entry_index.c.result).where(
            entry_index.entry_index.c.entry_id == appeal_id, entry_index.entry_index.c.kind == "appeal")).first()
        target = json.loads(row.result).get("target") if row is not None else None
        try:
            if target is None:
                raise NotFound(appeal_id)
            self.entry(target)
        except NotFound:
            raise NotFound(f"no appeal with id '{shown_id(appeal_id)}'") from None
        return self

    def reversal(self, entry_id: str) -> "Guard":
        """Reversing an entry is for whoever may record its kind."""
        if not any(permitted(self.user.role, self.scope.level, action)
                   for action in ("reversal.entry", "reversal.violation")):
            raise Forbidden(f"a {self.user.role} may not do this")
        kind = self.entry(entry_id)[0]  # out of scope or unknown: 404 before any kind is told
        return self.allow("reversal.violation" if kind in INSPECTOR_KINDS else "reversal.entry")


def _entry_holder(conn: Connection, entry_id: str) -> tuple[str, str, str, list] | None:
    """(entry kind, "member" or "branch", holder id, the member's stays) of an entry: the entry
    index joined to the read model's holders and stays, in one query."""
    index, m, b, s = entry_index.entry_index, t.members, t.branches, t.stints
    rows = conn.execute(
        select(index.c.kind, m.c.member_id, b.c.branch_id, s.c.branch_id, s.c.from_on, s.c.until_on)
        .select_from(index.outerjoin(m, m.c.stream_id == index.c.stream_id)
                     .outerjoin(b, b.c.stream_id == index.c.stream_id)
                     .outerjoin(s, s.c.member_id == m.c.member_id))
        .where(index.c.entry_id == entry_id).order_by(s.c.seq)).all()
    if not rows:
        return None
    kind, member_id, branch_id = rows[0][:3]
    if member_id is not None:
        return kind, "member", member_id, [tuple(row[3:]) for row in rows if row[3] is not None]
    return (kind, "branch", branch_id, []) if branch_id is not None else None
