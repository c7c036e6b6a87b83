"""The `Idempotency-Key` header on writes: the first answer is kept and given again on a retry."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

from commands.http.errors import status_of
from commands.http.replies import reply
from commands.service.runtime import idempotency
from ledger.errors import LedgerError

HEADER = "Idempotency-Key"
# Answers that a retry should not get again: the write did not happen for a passing reason.
# 401 and 403 among them: a missing CSRF token or a lapsed login, once fixed, must let the same
# key run the write (an out-of-scope write is refused again anyway, by the same check).
PASSING = {401, 403, 409, 429, 503}


class OnlyKeyedWrites:
    """Starlette's BaseHTTPMiddleware runs each request in a task of its own and copies its
    answer, which cost a cached read a tenth of its time: only a POST with the header goes that way."""

    def __init__(self, app: Any, dispatch: Any):
        self.app, self.keyed = app, BaseHTTPMiddleware(app, dispatch=dispatch)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and any(
                name == b"idempotency-key" for name, _ in scope["headers"]):
            await self.keyed(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def install(app: FastAPI, identify) -> None:
    """`identify(request)` names the caller, or raises if there is none (the route then says 401)."""

    async def idempotent_writes(request: Request, call_next):
        key = request.headers.get(HEADER)
        if not key:  # the header sent empty
            return await call_next(request)
        if len(key) > 200:
            return reply({"detail": f"{HEADER} is longer than 200 characters", "field": HEADER}, 422)
        try:
            user = identify(request).name
        except LedgerError:
            return await call_next(request)
        engine = request.app.state.ledger.engine
        body = await request.body()
        print_ = idempotency.fingerprint(request.method, request.url.path, request.url.query, body)
        try:
            earlier = idempotency.reserve(engine, user, key, print_)
        except LedgerError as error:
            return reply({"detail": str(error)}, status_of(error))
        except SQLAlchemyError as error:  # outside the routes' error handlers: answered here
            return reply({"detail": f"the database could not be used: {type(error).__name__}"}, 503)
        if earlier is not None:
            return Response(earlier.body, status_code=earlier.status, media_type=earlier.media_type,
                            headers={"Idempotent-Replayed": "true"})
        try:
            response = await call_next(request)
        except BaseException:
            idempotency.give_back(engine, user, key)
            raise
        if response.status_code in PASSING or response.status_code >= 500:
            idempotency.give_back(engine, user, key)
            return response
        chunks = [chunk async for chunk in response.body_iterator]
        content = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in chunks)
        idempotency.keep(engine, user, key, idempotency.Answer(
            response.status_code, response.headers.get("content-type", "application/json"), content))
        return Response(content, status_code=response.status_code, headers=dict(response.headers))

    app.add_middleware(OnlyKeyedWrites, dispatch=idempotent_writes)
