"""The audit reads for the pages, spelled as the pages ask them: the checks themselves are the
HTTP service's (commands/service/access/read_checks.py, query_access.py), so both entrances apply the
same rules."""

from __future__ import annotations

from typing import Any

from commands.service.access.authorised import authorised_read
from commands.service.access.query_access import answer_for
from commands.service.access.read_checks import deductions_in_scope, history_in_scope
from commands.service.models.model_base import build
from commands.service.queries.audit_queries import Deductions, ReadAudit
from ledger.users import User


def history_for(ledger: Any, caller: User, key: str, kind: str | None = None) -> dict:
    """Every stored event of `key`, if the caller may read history and `key` is in scope."""
    return authorised_read(ledger, caller, lambda guard: history_in_scope(guard, ledger, key, kind))


def deduction_register(ledger: Any, caller: User, branch: str | None = None, member: str | None = None,
                       month_from: str | None = None, month_to: str | None = None, status: str | None = None,
                       inspector: str | None = None) -> list[dict]:
    """The deduction register, within scope; a look that shows members' rows is recorded."""
    asked = {"actor": caller.label, "branch": branch, "member": member, "month_from": month_from,
             "month_to": month_to, "status": status, "inspector": inspector}
    return deductions_in_scope(ledger, caller, build(Deductions, {k: v for k, v in asked.items() if v is not None}))


def read_audit_in_scope(ledger: Any, caller: User, member: str | None = None) -> list[dict]:
    """Who looked at members' deductions: the looks that showed a member in scope."""
    return answer_for(ledger, caller, build(ReadAudit, {"member": member} if member else {}))
