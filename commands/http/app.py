"""The application factory: one ledger per process, routers over it, one error mapping.

Routes are `async def` and call the application directly: the application object is not
shared between threads, so each worker process serves one request at a time against it and
runs several workers (`--workers N`) for parallel work; their writes meet in the database.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from typing import Callable

from fastapi import FastAPI

from commands.http import (
    auth, errors, idempotency, routes_audit, routes_entries, routes_figures, routes_org, routes_review, routes_users,
)
from commands.http.replies import ERROR_REPLIES, LedgerJSON
from commands.http.turns import InTurn
from commands.service.ledger import open_ledger


def create_app(db_url: str | None = None, today: Callable[[], date] = date.today,
               secure_cookies: bool = True) -> FastAPI:
    """The HTTP service over the ledger at `db_url` (else $STARLEDGER_DB, else the SQLite file).

    `secure_cookies`: mark the session cookie Secure (a browser then sends it only over HTTPS);
    False only for plain HTTP on one's own machine (`serve --insecure-cookies`).
    """
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.ledger = open_ledger(db_url, today=today)
        try:
            yield
        finally:
            app.state.ledger.close()

    app = FastAPI(title="starledger", version="0.1.0", lifespan=lifespan, default_response_class=LedgerJSON,
                  description="The points ledger of a Party organisation, as a service.")
    app.state.secure_cookies = secure_cookies
    errors.install(app)
    idempotency.install(app, auth.identify)
    app.add_middleware(InTurn)  # added last, so outermost
    for module in (auth, routes_users, routes_org, routes_entries, routes_review, routes_figures, routes_audit):
        app.include_router(module.router, responses=ERROR_REPLIES)
    return app
