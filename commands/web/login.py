"""/login (用户名, 密码, 登录) and 退出登录, over the HTTP service's sessions.

The login itself (password check, lock, session, CSRF token) is the application's
(`log_in`, `log_out`); this page only carries the form and the cookie.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import (
    SESSION_COOKIE, check_csrf, check_login_origin, client_address, current_user, set_session_cookie,
)
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import current_month
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import page, start_page
from ledger.errors import Forbidden, LoginLocked, Unauthenticated

router = APIRouter(route_class=PageRoute)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an address elsewhere (an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/login")
async def login_form(request: Request, next: str | None = None):
    return page(request, "login.html", next=_safe_next(next), username="", errors={})


@router.post("/login")
async def log_in(request: Request):
    form = await form_data(request)
    name, password, target = form.get("username", "").strip(), form.get("password", ""), _safe_next(form.get("next"))
    errors = {key: "请填写" + text for key, text in (("username", "用户名"), ("password", "密码")) if not form.get(key)}
    if not errors:
        ledger = request.app.state.ledger
        try:
            check_login_origin(request)
            found = await ledger.log_in(name, password, client_address(request))
        except Forbidden as refused:
            return page(request, "login.html", status=403, next=target, username=name,
                        errors={"password": in_chinese(refused)})
        except LoginLocked as locked:
            response = page(request, "login.html", status=429, next=target, username=name,
                            errors={"password": in_chinese(locked)})
            response.headers["Retry-After"] = str(locked.retry_after)
            return response
        except Unauthenticated:
            errors["password"] = "用户名或密码不正确"
        else:
            response = RedirectResponse(target or start_page(found["user"], current_month(ledger)), status_code=303)
            set_session_cookie(request, response, found["session"])
            return response
    return page(request, "login.html", status=400, next=target, username=name, errors=errors)


@router.get("/")
async def home(request: Request):
    try:
        viewer = await current_user(request)
    except Unauthenticated:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(start_page(viewer, current_month(request.app.state.ledger)), status_code=303)


@router.post("/logout")
async def log_out(request: Request):
    form = await form_data(request)
    try:
        await current_user(request)
        check_csrf(request, form.get("csrf_token"))
    except Unauthenticated:
        return RedirectResponse("/login", status_code=303)
    request.app.state.ledger.log_out(request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
