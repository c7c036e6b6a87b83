"""One mapping from the project's errors to HTTP statuses; a client never sees a 500 for its input."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from eventsourcing.persistence import PersistenceError
from sqlalchemy.exc import SQLAlchemyError

from commands.http.replies import reply
from ledger.errors import Conflict, Duplicate, Forbidden, LedgerError, LoginLocked, NotFound, Unauthenticated


def status_of(error: LedgerError) -> int:
    if isinstance(error, Unauthenticated):
        return 401
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, LoginLocked):
        return 429
    if isinstance(error, (Duplicate, Conflict)):
        return 409
    return 422  # Refused and any other rule of the ledger


def _field(location: tuple) -> str:
    names = [str(part) for part in location if part not in ("body", "query", "path")]
    return ".".join(names) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(LedgerError)
    async def ledger_error(request: Request, error: LedgerError):
        body = {"detail": str(error)}
        if getattr(error, "field", None):
            body["field"] = error.field  # an invalid value found after the request was parsed
        response = reply(body, status_of(error))
        if isinstance(error, Unauthenticated):
            response.headers["WWW-Authenticate"] = "Bearer"
        if isinstance(error, LoginLocked):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_body(request: Request, error: RequestValidationError):
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        field = _field(tuple(first.get("loc", ())))
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        return reply({"detail": f"{field}: {message}", "field": field}, 422)

    @app.exception_handler(SQLAlchemyError)
    @app.exception_handler(PersistenceError)
    async def database_down(request: Request, error: Exception):
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return reply({"detail": f"the database could not be used: {first}"}, 503)
