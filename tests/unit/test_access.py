"""The role x action table of docs/domain.md §1: every cell, deny by default."""

from __future__ import annotations

import pytest

from commands.service.access.access import ACTIONS, RULES, permitted
from ledger.users import ROLES

LEVELS = ("committee", "general_branch", "branch", "member")

# What each role may do whatever its scope; the reviewer's steps depend on the level (below).
EXPECTED = {
    "admin": {"users.manage", "org.write", "read", "history"},
    "secretary": {"entry.record", "meeting.record", "reversal.entry", "assess.self", "read", "history"},
    "reviewer": {"read", "history"},
    "inspector": {"entry.violation", "branch.deduction", "branch.veto", "appeal.decide",
                  "reversal.violation", "deductions.read", "read", "history"},
    "auditor": {"read", "history", "deductions.read", "verify", "export", "audit.reads"},
    "member": {"read", "history", "deductions.read", "appeal.file", "objection.file"},
}
REVIEWER_BY_LEVEL = {
    "committee": {"assess.final", "month.close", "month.seal", "objection.resolve", "rulebook.publish"},
    "general_branch": {"assess.preliminary"},
    "branch": set(),
    "member": set(),
}


def test_every_role_has_a_row():
    assert set(RULES) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("level", LEVELS)
def test_each_role_may_do_exactly_its_actions(role, level):
    expected = EXPECTED[role] | (REVIEWER_BY_LEVEL[level] if role == "reviewer" else set())
    assert {action for action in ACTIONS if permitted(role, level, action)} == expected


def test_no_role_but_secretary_records_ordinary_entries_and_no_admin_records_any():
    assert [role for role in ROLES if permitted(role, "committee", "entry.record")] == ["secretary"]
    assert not any(permitted("admin", level, action) for level in LEVELS
                   for action in ("entry.record", "entry.violation", "meeting.record"))


def test_auditor_never_writes():
    writes = [action for action in ACTIONS if action not in
              {"read", "history", "deductions.read", "verify", "export", "audit.reads"}]
    assert not any(permitted("auditor", level, action) for level in LEVELS for action in writes)


def test_unknown_role_or_action_is_denied():
    assert not permitted("superuser", "committee", "read")
    assert not permitted("admin", "committee", "drop.everything")
    assert not permitted("", "", "")
