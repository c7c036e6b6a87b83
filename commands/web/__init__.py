"""The web pages (issue 12): server-rendered Chinese pages over the same application, login and
access policy as the HTTP service. `add_pages(app)` puts them on the service's FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def add_pages(app: FastAPI) -> FastAPI:
    from commands.web import (
        admin, appeals, audit, branch_entries, closing, dashboard, drill, dues, entries, login, meetings, org, review,
        sheets,
    )
    from commands.web.render import STATIC

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (login, drill, meetings, dues, entries, audit, review, dashboard, appeals, admin, closing, org,
                   branch_entries, sheets):
        app.include_router(module.router, include_in_schema=False)
    return app
