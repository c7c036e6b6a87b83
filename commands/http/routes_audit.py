"""Audit reads: history, verify, the deduction register and who looked at it."""

from __future__ import annotations

import tempfile
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from commands.files.export_queries import ExportMonth
from commands.http.auth import current_user, the_ledger, writer
from commands.http.params import MonthPath, OptionalMonthQuery
from commands.http.reads import asked
from commands.http.replies import reply
from commands.service.access.authorised import authorise, authorised_read
from commands.service.access.read_checks import deductions_in_scope, history_in_scope
from commands.service.models.model_base import build
from commands.service.queries.audit_queries import Deductions, History, ReadAudit, Verify
from commands.service.queries.history import KINDS
from ledger.users import User
from projections.deductions import STATUSES

router = APIRouter(prefix="/api", tags=["audit"])
HistoryKind = Literal[KINDS]  # type: ignore[valid-type]
DeductionStatus = Literal[STATUSES]  # type: ignore[valid-type]
ExportFormat = Literal["xlsx", "csv"]
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "csv": "text/csv; charset=utf-8"}


@router.get("/history/{key}")
async def show_history(key: str, request: Request, kind: HistoryKind | None = None,
                       user: User = Depends(current_user)):
    """Every stored event of a member, branch, unit, rule book or user; an entry and its reversal."""
    ledger = the_ledger(request)
    build(History, {"key": key})  # a key that is no id is 422 before any check
    return reply(authorised_read(ledger, user, lambda g: history_in_scope(g, ledger, key, kind)))


@router.post("/verify")
async def verify(request: Request, anchor: str | None = Query(default=None, pattern=r"^[0-9a-fA-F]{64}$"),
                 user: User = Depends(writer)):
    """Check the stored events against their hash chain (the whole ledger's)."""
    return asked(request, user, Verify, {"anchor": anchor.lower() if anchor else None})


@router.get("/deductions")
async def deductions(request: Request, branch: str | None = Query(default=None, max_length=64),
                     member: str | None = Query(default=None, max_length=64),
                     month_from: Annotated[OptionalMonthQuery, Query(alias="from")] = None,
                     month_to: Annotated[OptionalMonthQuery, Query(alias="to")] = None,
                     status: DeductionStatus | None = None,
                     inspector: str | None = Query(default=None, max_length=200),
                     user: User = Depends(current_user)):
    """The deduction register, within scope; a look that shows members' rows is recorded."""
    asked_for = {"actor": user.label, "branch": branch, "member": member, "month_from": month_from,
                 "month_to": month_to, "status": status, "inspector": inspector}
    query = build(Deductions, {name: value for name, value in asked_for.items() if value is not None})
    return reply(deductions_in_scope(the_ledger(request), user, query))


@router.get("/audit/reads")
async def audit_reads(request: Request, member: str | None = Query(default=None, max_length=64),
                      user: User = Depends(current_user)):
    """Who looked at members' deductions: the looks that showed a member in scope."""
    return asked(request, user, ReadAudit, {"member": member})


@router.get("/exports/{month}.{fmt}", responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                                                           "description": "the export file"}})
async def export(request: Request, month: MonthPath, fmt: ExportFormat = Path(),
                 published: bool = False, user: User = Depends(current_user)):
    """A month's export file (what `starledger export` writes) for `verify-export` to check."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("export").whole_organisation())
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/{month}.{fmt}"
        ledger.ask(build(ExportMonth, {"month": month, "format": fmt, "out": path, "published": published,
                                       "actor": user.label}))
        content = open(path, "rb").read()
    return Response(content, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{month}.{fmt}"'})
