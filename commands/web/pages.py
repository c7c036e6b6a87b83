"""How a page answers when the application says no: a page in Chinese, never a stack trace.

Every page route uses PageRoute. Not logged in (or a session that expired): back to /login,
which returns to the page afterwards. Unknown or out of scope: the not-found page, alike.
Not allowed for the role: a refusal page. Anything else: an error page naming no internals.
"""

from __future__ import annotations

import logging
from typing import Any, Callable
from urllib.parse import quote

from eventsourcing.persistence import PersistenceError
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import SQLAlchemyError

from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.render import not_found, refused
from ledger.errors import Forbidden, LedgerError, NotFound, Unauthenticated

log = logging.getLogger("starledger.web")


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


class PageRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        handle = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handle(request)
            except Unauthenticated:
                return login_redirect(request)
            except NotFound:
                return not_found(request, _viewer(request))
            except Forbidden:
                return refused(request, _viewer(request), "您的角色不能使用这个页面。", status=403)
            except RequestValidationError as error:
                first = error.errors()[0] if error.errors() else {}
                where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
                return refused(request, _viewer(request), f"地址中的参数有误：{where or '请求'}")
            except LedgerError as error:
                return refused(request, _viewer(request), in_chinese(error))
            except (SQLAlchemyError, PersistenceError):
                log.exception("database error on %s", request.url.path)
                return refused(request, _viewer(request), "数据库暂时无法使用，请稍后再试。", status=503)
            except Exception:  # a page never shows a stack trace; the log keeps it
                log.exception("error on %s", request.url.path)
                return refused(request, _viewer(request), "服务器出错了，请稍后再试。", status=500)

        return page_handler


def _viewer(request: Request) -> Any:
    return getattr(request.state, "user", None)
