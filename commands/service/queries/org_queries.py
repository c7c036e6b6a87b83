"""Questions about the organisation: the unit tree, branches and members with their names, the
names behind a table's ids, and which branch-months a veto set to 1★."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import RootModel

from commands.service.models.fields import Id, Month
from commands.service.models.model_base import Query, Result


class TreeNode(Result):
    id: str
    kind: str
    name: str
    parent_id: str | None
    category: str | None
    depth: int


class Tree(RootModel[list[TreeNode]]):
    """Units and branches in tree order, each followed by what is under it."""


class UnitTree(Query):
    """The organisation as a tree; `under` keeps that unit or branch and what is under it."""

    query = "unit list"
    under: Id | None = None

    def answer(self, ledger: Any) -> Tree:
        from projections.directory import unit_tree
        with ledger.reading() as conn:
            return Tree(unit_tree(conn, self.under))


class BranchRow(Result):
    branch_id: str
    name: str
    category: str
    parent_id: str | None
    established_on: str
    members: int


class BranchRows(RootModel[list[BranchRow]]):
    pass


class BranchList(Query):
    """Branches with their names, categories, parents, establishment dates and member counts."""

    query = "branch list"
    under: Id | None = None
    category: str | None = None

    def answer(self, ledger: Any) -> BranchRows:
        from projections.directory import branch_list
        with ledger.reading() as conn:
            return BranchRows(branch_list(conn, self.under, self.category))


class MemberRow(Result):
    member_id: str
    name: str
    status: str
    branch_id: str | None
    joined_on: str


class MemberRows(RootModel[list[MemberRow]]):
    pass


class MemberList(Query):
    """Members with their statuses and current branches; `branch` or `under` narrow it."""

    query = "member list"
    branch: Id | None = None
    under: Id | None = None

    def answer(self, ledger: Any) -> MemberRows:
        from projections.directory import member_list
        with ledger.reading() as conn:
            return MemberRows(member_list(conn, self.branch, self.under))


class NameMap(RootModel[dict[str, str]]):
    """id -> name, for the ids that name a member, branch or unit."""


class Names(Query):
    """The names behind ids, so a table can show them beside the ids."""

    query = "names"
    ids: list[Id]

    def answer(self, ledger: Any) -> NameMap:
        from projections.directory import names_of
        with ledger.reading() as conn:
            return NameMap(names_of(conn, self.ids))


class VetoedMonths(RootModel[list[tuple[str, str]]]):
    """(branch, month) pairs whose star a veto set to 1."""


class Vetoed(Query):
    """Which of these months' branch stars a veto set to 1, now, as of a moment, or as published
    at the month's close (one month)."""

    query = "vetoed"
    months: list[Month]
    as_of: datetime | None = None
    published: bool = False

    def answer(self, ledger: Any) -> VetoedMonths:
        from projections import branch_queries, queries
        with ledger.reading() as conn:
            as_of = queries.published_as_of(conn, self.months[0]) if self.published else self.as_of
            return VetoedMonths(sorted(branch_queries.vetoed(conn, self.months, as_of)))


class BranchMember(Result):
    member_id: str
    name: str
    status: str
    since: str


class BranchDetailResult(Result):
    branch_id: str
    name: str
    category: str
    parent_id: str | None
    established_on: str
    members: list[BranchMember]


class BranchDetail(Query):
    """A branch: its name, category, parent, establishment date and the members in it today."""

    query = "branch show"
    branch: Id

    def answer(self, ledger: Any) -> BranchDetailResult:
        from projections.org_queries import branch_detail
        with ledger.reading() as conn:
            return BranchDetailResult(**branch_detail(conn, self.branch, ledger.today()))
