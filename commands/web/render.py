"""Templates, the labels filter, the navigation each role sees, and the error pages.

Pages only turn results into HTML: the figures come from the application's queries, the
words from the label catalogue, and who may see what from the access policy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from commands.service.vocabulary.catalogue import label

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["label"] = lambda key, family: label(family, key)


def as_json(data: Any) -> Any:
    """The values as the HTTP API's JSON gives them (decimals and dates as strings), for the pages
    that show a list exactly as the API lists it."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def start_page(viewer: Any, month: str) -> str:
    """Where each role lands after logging in."""
    if viewer.role == "secretary" and viewer.scope_kind == "branch":
        return f"/branches/{viewer.scope_id}?month={month}"
    if viewer.role == "member" and viewer.scope_kind == "member":
        return f"/members/{viewer.scope_id}?month={month}"
    if viewer.role == "reviewer":
        return f"/review?month={month}"
    if viewer.role == "inspector":
        return "/appeals"
    if viewer.role == "admin":
        return "/admin/users"
    return f"/stars?month={month}"


def nav_for(viewer: Any) -> list[tuple[str, str]]:
    """The links in the header: the role's own pages first."""
    if viewer is None:
        return []
    links = []
    if viewer.role == "secretary" and viewer.scope_kind == "branch":
        links += [(f"/branches/{viewer.scope_id}", "本支部"), (f"/meetings/new?branch={viewer.scope_id}", "记录会议"),
                  ("/sheets", "导入表格")]
    if viewer.role == "member" and viewer.scope_kind == "member":
        links.append(("/me", "我的积分"))
    if viewer.role != "member":
        links += [("/stars", "支部星级"), ("/dashboard", "看板")]
    if viewer.role == "reviewer":
        links[:0] = [("/review", "支部考评"), ("/months", "月度结账")]
    if viewer.role == "inspector":
        links[:0] = [("/appeals", "待复核申诉"), ("/deductions", "扣分台账"),
                     ("/branch-entries/new?kind=deduction", "支部扣分"), ("/branch-entries/new?kind=veto", "否决专项")]
    if viewer.role == "member":
        links.append(("/deductions", "我的扣分"))
    if viewer.role == "admin":
        links[:0] = [("/admin/users", "用户管理"), ("/admin/org", "组织管理"), ("/sheets", "导入表格")]
    if viewer.role == "auditor":
        links += [("/verify", "校验台账"), ("/deductions", "扣分台账"), ("/audit/reads", "查阅记录")]
    return links


def page(request: Request, name: str, viewer: Any = None, status: int = 200, **context: Any) -> HTMLResponse:
    csrf = getattr(request.state, "csrf", None)
    return templates.TemplateResponse(request, name, {"viewer": viewer, "nav": nav_for(viewer),
                                                      "csrf_token": csrf, **context}, status_code=status)


def not_found(request: Request, viewer: Any = None, message: str | None = None) -> HTMLResponse:
    """Unknown and out-of-scope ids get the same page, so scope cannot be probed."""
    return page(request, "not_found.html", viewer, status=404, message=message)


def refused(request: Request, viewer: Any, message: str, status: int = 400) -> HTMLResponse:
    return page(request, "error.html", viewer, status=status, message=message)
