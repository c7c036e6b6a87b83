"""The auditor's verify button: the stored events checked against their hash chain, and the
chain head to write down (a later verify with it as the anchor proves nothing was cut off)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request

from commands.http.auth import check_csrf
from commands.service.access.audit_access import read_audit_in_scope
from commands.service.access.authorised import authorise
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import as_json, page

router = APIRouter(route_class=PageRoute)
ANCHOR = re.compile(r"^[0-9a-fA-F]{64}$")


@router.get("/verify")
async def verify_form(request: Request, ledger: Ledger, viewer: Viewer):
    authorise(ledger, viewer, lambda guard: guard.allow("verify"))
    return page(request, "verify.html", viewer, result=None, anchor="", errors={})


@router.post("/verify")
async def verify(request: Request, ledger: Ledger, viewer: Viewer):
    authorise(ledger, viewer, lambda guard: guard.allow("verify"))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    anchor = values.get("anchor", "").strip()
    if anchor and not ANCHOR.match(anchor):
        return page(request, "verify.html", viewer, status=400, result=None, anchor=anchor,
                    errors={"anchor": "链头哈希应为 64 位十六进制字符"})
    result = ledger.verify(anchor.lower() or None)
    return page(request, "verify.html", viewer, result=result, anchor=anchor, errors={})


@router.get("/audit/reads")
async def read_audit(request: Request, ledger: Ledger, viewer: Viewer, member: str = ""):
    """Who looked at members' deductions, as `GET /api/audit/reads` reads them (its scope)."""
    rows = as_json(read_audit_in_scope(ledger, viewer, member or None))
    return page(request, "reads.html", viewer, rows=rows, member=member)
