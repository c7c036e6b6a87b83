"""Who may ask each query, and what of its answer they see: one check per query model, asked of
the access policy (commands/service/access/access.py) before the query is answered, and for lists the
rows kept in the caller's scope. `answer_for` is how an entrance answers a logged-in user; a
query with no check here is refused (deny by default)."""

from __future__ import annotations

from typing import Any, Callable

from commands.service.access.access import READ, Guard
from commands.service.access.authorised import authorised_read
from commands.service.access.command_access import own_or_managed, reaches
from commands.service.models.model_base import Query, plain
from commands.service.models.user_commands import UserList, UserTokens
from commands.service.queries import audit_queries as a, branch_queries as b, member_queries as m, org_queries as o
from ledger.errors import Forbidden
from ledger.users import User


def _read(guard: Guard, query: Any) -> Guard:
    return guard.allow(READ)


def _audit_reads(guard: Guard, query: a.ReadAudit) -> Guard:
    guard.allow("audit.reads")
    return guard.member(query.member) if query.member else guard


def reads_in_scope(guard: Guard, rows: list[dict]) -> list[dict]:
    """The recorded looks as far as they showed the caller's scope: only the members in it are
    named, a filter naming a branch or member outside it is left out, and a look that showed no
    one in it is dropped. A look that also showed others gives no row count (`rows` is None):
    the count would tell how much was seen outside the scope."""
    kept = []
    for row in rows:
        shown = [member_id for member_id in row["members_shown"] if guard.sees_member(member_id)]
        if not shown:
            continue
        filters = {name: value for name, value in row["filters"].items()
                   if (name != "branch" or guard.scope.has_branch(value))
                   and (name != "member" or guard.sees_member(value))}
        whole = len(shown) == len(row["members_shown"])
        kept.append({**row, "members_shown": shown, "filters": filters, "rows": row["rows"] if whole else None})
    return kept


CHECKS: dict[type[Query], Callable[[Guard, Any], Any]] = {
    m.MemberScore: lambda g, q: g.allow(READ).member(q.member, month=q.month),
    m.ExplainMember: lambda g, q: g.allow(READ).member(q.member, month=q.month),
    m.MemberLedger: lambda g, q: g.allow(READ).member(q.member),
    m.BranchRanking: lambda g, q: g.allow(READ).branch(q.branch),
    b.BranchScore: lambda g, q: g.allow(READ).branch(q.branch),
    b.ExplainBranch: lambda g, q: g.allow(READ).branch(q.branch),
    b.Stars: _read, b.Alerts: _read, b.SecretaryPay: _read, b.ClosedMonths: _read,
    a.RuleBookShown: _read, a.WhatIf: _read,
    o.UnitTree: lambda g, q: g.allow(READ).unit(q.under),
    o.BranchDetail: lambda g, q: g.allow(READ).branch(q.branch),
    o.MemberList: lambda g, q: g.allow(READ).branch(q.branch),
    a.Verify: lambda g, q: g.allow("verify"),
    a.ReadAudit: _audit_reads,
    UserList: lambda g, q: g.allow("users.manage"),
    UserTokens: lambda g, q: own_or_managed(g, q.name),
}

# Lists of the whole organisation: the rows in the caller's scope.
KEEP: dict[type[Query], Callable[[Guard, Any], Any]] = {
    b.Stars: lambda g, rows: g.only_in_scope(rows),
    b.SecretaryPay: lambda g, rows: g.only_in_scope(rows),
    b.Alerts: lambda g, rows: g.only_in_scope(rows, branch_key="subject_id", member_key="subject_id"),
    a.WhatIf: lambda g, result: {**result, "changes": g.only_in_scope(result["changes"], "subject_id", "subject_id")},
    a.ReadAudit: lambda g, rows: reads_in_scope(g, rows),
    UserList: lambda g, rows: [row for row in rows if reaches(g, row["scope_kind"], row["scope"])],
}


def answer_for(ledger: Any, user: User, query: Query, currency: Any = None) -> Any:
    """The query's answer (its result model's JSON, as the CLI's --json prints it) for the
    caller: Forbidden or NotFound before anything is read, and only the rows in scope.
    `currency`: where the read model stood when the caller was identified (logins.Caller)."""
    check = CHECKS.get(type(query))
    if check is None:
        raise Forbidden(f"'{query.query}' is not open to logged-in users")
    keep = KEEP.get(type(query))

    def read(guard: Guard) -> Any:
        check(guard, query)
        data = plain(ledger.ask(query))
        return keep(guard, data) if keep is not None else data
    return authorised_read(ledger, user, read, kept=ledger.answers.key(user, query, ledger.today()), currency=currency)
