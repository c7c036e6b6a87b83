"""Who may run each command, and on what: one check per command model, asked of the access
policy (commands/service/access/access.py) before the command runs. Every entrance that runs a command
for a logged-in user asks `authorise_command` first; a command with no check here is refused
(deny by default)."""

from __future__ import annotations

from typing import Any, Callable

from commands.service.access.access import ASSESS_ACTIONS, Guard
from commands.service.access.authorised import authorise
from commands.service.access.command_checks import entry_check, meeting_check, objection_subject
from commands.service.models import entry_commands as e, org_commands as o, user_commands as u
from commands.service.models.model_base import Command
from ledger.errors import Forbidden, NotFound
from ledger.ids import shown_id
from ledger.users import User

ORG_WRITE = "org.write"
Check = Callable[[Guard, Any], Any]


def _under(guard: Guard, parent: str | None) -> Guard:
    """A new unit or branch goes under a unit in scope; only the command line adds a top."""
    guard.allow(ORG_WRITE)
    if parent is None:
        raise Forbidden("a unit or branch with no parent is added on the command line")
    return guard.unit(parent)


def reaches(guard: Guard, kind: str, target: str) -> bool:
    """Whether a unit, branch or member id (someone's scope) lies in the caller's scope."""
    try:
        guard.scope_target(kind, target)
        return True
    except NotFound:
        return False


def _managed_user(guard: Guard, name: str, new_scope: str | None = None) -> Guard:
    """The caller manages users and reaches both the user and, if given, the user's new scope."""
    guard.allow("users.manage")
    target = guard.ledger.find_user(name)
    if target is None or not reaches(guard, target.scope_kind, target.scope_id):
        raise NotFound(f"no user with id '{shown_id(name)}'")
    if new_scope:
        guard.scope_id(guard.ledger.scope_kind_of, new_scope)
    return guard


def own_or_managed(guard: Guard, name: str) -> Guard:
    """Anyone sets their own password; an admin sets those of the users in scope."""
    return guard if name == guard.user.name else _managed_user(guard, name)


CHECKS: dict[type[Command], Check] = {
    **{model: lambda g, c: entry_check(c)(g) for model in (
        e.RecordDues, e.RecordStudy, e.RecordRating, e.RecordDuty, e.RecordCommendation, e.RecordAward,
        e.RecordViolation)},
    e.RecordMeeting: lambda g, c: meeting_check(c)(g),
    e.Reverse: lambda g, c: g.reversal(c.target),
    o.AddUnit: lambda g, c: _under(g, c.parent),
    o.AddBranch: lambda g, c: _under(g, c.parent),
    o.AddMember: lambda g, c: g.allow(ORG_WRITE).branch(c.branch),
    o.TransferMember: lambda g, c: g.allow(ORG_WRITE).member(c.member).branch(c.to),
    o.ChangeStatus: lambda g, c: g.allow(ORG_WRITE).member(c.member),
    o.AppointSecretary: lambda g, c: g.allow(ORG_WRITE).branch(c.branch).member(c.member, on=c.since),
    o.Assess: lambda g, c: g.allow(ASSESS_ACTIONS[c.step]).branch(c.branch),
    o.RecordBranchDeduction: lambda g, c: g.allow("branch.deduction").branch(c.branch),
    o.RecordVeto: lambda g, c: g.allow("branch.veto").branch(c.branch),
    o.FileAppeal: lambda g, c: g.allow("appeal.file").entry(c.entry_id),
    o.DecideAppeal: lambda g, c: g.allow("appeal.decide").appeal(c.appeal_id),
    o.CloseMonth: lambda g, c: g.allow("month.close"),
    o.SealMonth: lambda g, c: g.allow("month.seal"),
    o.FileObjection: lambda g, c: objection_subject(g.allow("objection.file"), c.subject),
    o.ResolveObjection: lambda g, c: g.allow("objection.resolve"),
    o.PublishRules: lambda g, c: g.allow("rulebook.publish"),
    u.AddUser: lambda g, c: g.allow("users.manage").scope_id(g.ledger.scope_kind_of, c.scope),
    u.ChangeRole: lambda g, c: _managed_user(g, c.name, c.scope),
    u.SetPassword: lambda g, c: own_or_managed(g, c.name),
    u.RevokeUser: lambda g, c: _managed_user(g, c.name),
    u.IssueToken: lambda g, c: _managed_user(g, c.name),
    u.RevokeToken: lambda g, c: own_or_managed(g, c.name),
}


def authorise_command(ledger: Any, user: User, command: Command) -> None:
    """Forbidden (the role may not) or NotFound (a target outside the caller's scope), else nothing."""
    check = CHECKS.get(type(command))
    if check is None:
        raise Forbidden(f"'{command.command}' is not open to logged-in users")
    authorise(ledger, user, lambda guard: check(guard, command))
