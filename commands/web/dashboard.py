"""/dashboard?month=: the committee's charts (ECharts, served from the package), each with its
figures as a table beside it, over the branches in the viewer's scope."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request

from commands.service.vocabulary.catalogue import CATEGORIES
from commands.web.deps import Ledger, Viewer, current_month, month_asked, reading
from commands.web.pages import PageRoute
from commands.web.render import page
from projections.dashboard import dashboard

router = APIRouter(route_class=PageRoute)


@router.get("/dashboard")
async def dashboard_page(request: Request, ledger: Ledger, viewer: Viewer, month: str | None = None):
    month = month_asked(ledger, month)
    with reading(ledger, viewer) as (conn, guard):
        data = dashboard(conn, month, current_month(ledger), guard.only_in_scope)
    charts = {"months": data["months"], "stars": ["1★", "2★", "3★", "4★", "5★"],
              "distribution": {CATEGORIES.get(c, c): counts for c, counts in data["distribution"].items()},
              "trend": {CATEGORIES.get(c, c): values for c, values in data["trend"].items()}}
    return page(request, "dashboard.html", viewer, month=month, d=data,
                charts=json.dumps(charts, ensure_ascii=False).replace("</", "<\\/"))
