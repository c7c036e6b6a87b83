"""The auditor's drill-down, read-only: stars -> a branch-month -> a member-month -> an id's history.

Each route makes the calls `starledger stars / explain branch / explain member / history`
make, through the same guard the HTTP service uses, and renders them.
"""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.service.access.access import permitted
from commands.service.access.audit_access import history_for
from commands.web.deps import Ledger, Viewer, current_month, month_asked, reading
from commands.web.entry_fields import TITLES
from commands.web.moments import as_of_asked, branch_moments, member_moments
from commands.web.pages import PageRoute
from commands.web.render import page, start_page
from projections import branch_queries, queries
from projections.branch_explain import explain_branch_month
from projections.roster import branch_names, branch_roster, member_card

router = APIRouter(route_class=PageRoute)


@router.get("/stars")
async def stars_page(request: Request, ledger: Ledger, viewer: Viewer, month: str | None = None,
                     as_of: str | None = None):
    month, moment = month_asked(ledger, month), as_of_asked(as_of)
    with reading(ledger, viewer) as (conn, guard):
        rows = guard.only_in_scope(branch_queries.branch_stars(conn, month, current_month(ledger), None, moment))
        names = branch_names(conn)
    for row in rows:
        row["name"] = names.get(row["branch_id"])
    by_category = [(category, list(group)) for category, group in groupby(rows, key=lambda r: r["category"])]
    can_export = permitted(viewer.role, guard.scope.level, "export")
    return page(request, "stars.html", viewer, month=month, by_category=by_category, can_export=can_export,
                as_of=as_of)


@router.get("/branches/{branch_id}")
async def branch_page(request: Request, ledger: Ledger, viewer: Viewer, branch_id: str, month: str | None = None,
                      saved: str | None = None, as_of: str | None = None):
    month, moment = month_asked(ledger, month), as_of_asked(as_of)
    with reading(ledger, viewer) as (conn, guard):
        guard.branch(branch_id)
        explained = explain_branch_month(conn, branch_id, month, current_month(ledger))
        compared = branch_moments(conn, branch_id, month, current_month(ledger), moment)
        roster = branch_roster(conn, branch_id, month)
        branch = {"branch_id": branch_id, "name": branch_names(conn).get(branch_id, branch_id)}
    can_record = viewer.role == "secretary"
    return page(request, "branch.html", viewer, month=month, x=explained, roster=roster, branch=branch,
                can_record=can_record, can_deduct=viewer.role == "inspector", saved=saved, compared=compared,
                as_of=as_of)


@router.get("/members/{member_id}")
async def member_page(request: Request, ledger: Ledger, viewer: Viewer, member_id: str, month: str | None = None,
                      saved: str | None = None, as_of: str | None = None):
    month, moment = month_asked(ledger, month), as_of_asked(as_of)
    with reading(ledger, viewer) as (conn, guard):
        guard.member(member_id, month=month)
        explained = queries.explain_member_month(conn, member_id, month)
        compared = member_moments(conn, member_id, month, moment)
        member = member_card(conn, member_id)
    branch_id = member.get("branch_id")
    may = lambda action: permitted(viewer.role, guard.scope.level, action)  # noqa: E731
    forms = [(kind, title) for kind, title in TITLES.items()
             if may("entry.violation" if kind == "violation" else "entry.record")]
    return page(request, "member.html", viewer, month=month, x=explained, member=member, saved=saved, forms=forms,
                compared=compared, as_of=as_of,
                can_reverse=may("reversal.entry") or may("reversal.violation"), can_appeal=may("appeal.file"), can_object=may("objection.file"),
                branch_id=branch_id if guard.scope.has_branch(branch_id or "") else None)


@router.get("/me")
async def my_page(request: Request, ledger: Ledger, viewer: Viewer, month: str | None = None):
    """A member's own page: their member page, whatever their id."""
    if viewer.scope_kind != "member":
        return RedirectResponse(start_page(viewer, month_asked(ledger, month)), status_code=303)
    return RedirectResponse(f"/members/{viewer.scope_id}?month={month_asked(ledger, month)}", status_code=303)


@router.get("/history/{key:path}")
async def history_page(request: Request, ledger: Ledger, viewer: Viewer, key: str):
    found = history_for(ledger, viewer, key)
    return page(request, "history.html", viewer, h=found)
