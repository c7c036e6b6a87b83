"""Who is calling: a session cookie (web pages) or a bearer token (scripts).

`current_user(request) -> User` is the dependency every route uses, and the web pages too;
`writer` adds the CSRF check that a write made with a cookie needs. Both only translate the
request into the application's calls: sessions and tokens are decided in
commands/service/accounts/users.py.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from commands.http.replies import reply
from commands.service.ledger import StarLedger
from ledger.errors import Forbidden, Unauthenticated
from ledger.users import User

SESSION_COOKIE = "starledger_session"
CSRF_HEADER = "X-CSRF-Token"

router = APIRouter(prefix="/api", tags=["logging in"])


def the_ledger(request: Request) -> StarLedger:
    return request.app.state.ledger


def identify(request: Request) -> User:
    """The caller (bearer token first, else the session cookie), or Unauthenticated.

    Sets request.state.via ("bearer" or "cookie"), for a cookie request.state.csrf, and
    request.state.currency: where the read model stood, asked in the same round trip.
    """
    if hasattr(request.state, "user"):
        return request.state.user
    ledger = the_ledger(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        caller = ledger.token_caller(token.strip())
        request.state.via, request.state.csrf = "bearer", None
    elif request.cookies.get(SESSION_COOKIE):
        caller, csrf = ledger.session_caller(request.cookies[SESSION_COOKIE])
        request.state.via, request.state.csrf = "cookie", csrf
    else:
        raise Unauthenticated("log in first, or send Authorization: Bearer TOKEN")
    request.state.user, request.state.currency = caller.user, caller.currency
    return caller.user


async def current_user(request: Request) -> User:
    """The logged-in user, from a bearer token or the session cookie; 401 if none.

    The dependency for every route and web page: `user: User = Depends(current_user)`.
    """
    return identify(request)


def check_csrf(request: Request, token: str | None) -> None:
    """A cookie write must carry the session's CSRF token (from GET /api/me)."""
    if getattr(request.state, "via", None) != "cookie":
        return
    expected = getattr(request.state, "csrf", None) or ""
    if not token or not secrets.compare_digest(token, expected):
        raise Forbidden(f"a write made with a session cookie needs the {CSRF_HEADER} header from /api/me")


async def writer(request: Request, user: User = Depends(current_user)) -> User:
    """The caller of a write: for a cookie session, with the CSRF header checked."""
    check_csrf(request, request.headers.get(CSRF_HEADER))
    return user


def check_login_origin(request: Request) -> None:
    """A login posted from another site's page is refused (login CSRF: it would log the visitor
    in as the attacker). The Origin header, else the Referer, must name this host; a request
    with neither (a script) is allowed."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent is None:
        return
    if sent == "null" or urlsplit(sent).netloc.lower() != request.headers.get("host", "").lower():
        raise Forbidden("a login must come from this site's own pages")


def client_address(request: Request) -> str:
    """The connection's own address: a forwarded-for header is anyone's to write."""
    return request.client.host if request.client else "unknown"


def set_session_cookie(request: Request, response, secret: str) -> None:
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, path="/")


def who(user: User) -> dict:
    return {"name": user.name, "role": user.role, "scope": user.scope_id}


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


@router.post("/login")
async def login(body: Login, request: Request):
    """Log in with a name and password; sets an HttpOnly session cookie. Too many failures from
    one address answer 429 with Retry-After."""
    check_login_origin(request)
    found = await the_ledger(request).log_in(body.name, body.password, client_address(request))
    response = reply(who(found["user"]))
    set_session_cookie(request, response, found["session"])
    return response


@router.post("/logout")
async def logout(request: Request, user: User = Depends(writer)):
    """End this session."""
    if request.cookies.get(SESSION_COOKIE):
        the_ledger(request).log_out(request.cookies[SESSION_COOKIE])
    response = reply({"logged_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me")
async def me(request: Request, user: User = Depends(current_user)):
    """Who is logged in, and the CSRF token their cookie writes need."""
    return reply({**who(user), "csrf_token": getattr(request.state, "csrf", None)})
