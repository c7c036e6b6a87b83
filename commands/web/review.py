"""The reviewer's month (/review) and the step form of each level: self (the branch's
secretary), preliminary (a general branch's reviewer), final (the committee's reviewer).

Who may give which step is the access policy's ASSESS_ACTIONS; the form is the application's
Assess command, checked as `POST /api/assessments` checks it, and previewed first.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.access import ASSESS_ACTIONS, permitted
from commands.service.access.authorised import authorise, authorised_read
from commands.service.models.model_base import build
from commands.service.models.org_commands import Assess
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer, current_month, month_asked
from commands.web.forms import form_data, run, typed, where
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import Forbidden, LedgerError
from projections.review import counted_step, month_review

router = APIRouter(route_class=PageRoute)
FIELDS = (("organisation", "组织建设"), ("leadership", "班子建设"), ("support", "工作保障"), ("bonus", "加分项目"))


def _step_of(guard) -> str:
    """The highest step the viewer may give, or Forbidden."""
    for step in ("final", "preliminary", "self"):
        if permitted(guard.user.role, guard.scope.level, ASSESS_ACTIONS[step]):
            return step
    raise Forbidden(f"a {guard.user.role} may not do this")


@router.get("/review")
async def review_page(request: Request, ledger: Ledger, viewer: Viewer, month: str | None = None):
    month = month_asked(ledger, month)

    def read(guard):
        step = _step_of(guard)
        if step == "self":
            raise Forbidden(f"a {guard.user.role} may not do this")
        return step, guard.only_in_scope(month_review(guard.conn, month, current_month(ledger)))
    step, rows = authorised_read(ledger, viewer, read)
    return page(request, "review.html", viewer, month=month, rows=rows, step=step)


def _form_context(ledger, viewer, branch: str, month: str) -> tuple[str, dict | None]:
    def read(guard):
        step = _step_of(guard)
        guard.allow(ASSESS_ACTIONS[step]).branch(branch)
        return step, counted_step(guard.conn, branch, month)
    return authorised_read(ledger, viewer, read)


@router.get("/review/assess")
async def assess_form(request: Request, ledger: Ledger, viewer: Viewer, branch: str, month: str | None = None):
    month = month_asked(ledger, month)
    step, counted = _form_context(ledger, viewer, branch, month)
    values = {name: (counted or {}).get(name, "0" if name == "bonus" else "") for name, _ in FIELDS}
    return page(request, "assess.html", viewer, branch=branch, month=month, step=step, counted=counted,
                fields=FIELDS, v=values, errors={}, preview=None)


@router.post("/review/assess")
async def assess(request: Request, ledger: Ledger, viewer: Viewer, branch: str, month: str):
    month = month_asked(ledger, month)
    step, counted = _form_context(ledger, viewer, branch, month)
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))

    def again(errors: dict, preview=None, status=400):
        return page(request, "assess.html", viewer, status=status, branch=branch, month=month, step=step,
                    counted=counted, fields=FIELDS, v=values, errors=errors, preview=preview)

    fields = tuple(name for name, _ in FIELDS)
    preview = values.get("action") == "preview"
    try:
        assessment = build(Assess, {"branch": branch, "month": month, "step": step,
                                    **typed(values, fields + ("comment", "late_reason"))})
        authorise(ledger, viewer, lambda guard: guard.allow(ASSESS_ACTIONS[assessment.step]).branch(branch))
        result = run(ledger, viewer, assessment, preview)
    except LedgerError as error:
        message = str(error)
        named = next((name for name in fields if name in message), None)
        return again({named or where(error, fields + ("late_reason",)): in_chinese(error)})
    if preview:
        return again({}, result, status=200)
    return RedirectResponse(f"/branches/{branch}?month={month}", status_code=303)
