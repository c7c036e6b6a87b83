"""The inspector's branch deduction and veto forms (/branch-entries/new?kind=deduction|veto),
previewed before 保存: the application's RecordBranchDeduction and RecordVeto commands behind
the access policy's `branch_entry_check`, the same question `POST /api/branch-deductions` and
`POST /api/vetoes` ask. The form carries its entry id from the moment it opens, so saving it
twice records one entry."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise
from commands.service.access.command_checks import branch_entry_check
from commands.service.models.model_base import InvalidInput, build
from commands.service.models.org_commands import RecordBranchDeduction, RecordVeto
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer, current_month
from commands.web.forms import form_data, run, typed
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)

# name -> (label, input type)
FIELDS = {"branch": ("党支部编号", "text"), "month": ("所属月份", "month"), "points": ("分值", "text"),
          "clause": ("条款", "text"), "reason": ("内容", "text")}
FORMS = {"deduction": (RecordBranchDeduction, "记录支部扣分", ("branch", "month", "points", "clause", "reason")),
         "veto": (RecordVeto, "记录否决专项", ("branch", "month", "clause", "reason"))}
# Words of a refusal -> the field it is about (first match wins).
ABOUT = (("late", "late_reason"), ("closed", "late_reason"), ("month", "month"), ("point", "points"),
         ("clause", "clause"), ("reason", "reason"), ("branch", "branch"))


def _form(kind: str):
    if kind not in FORMS:
        raise NotFound(f"no form for '{kind}'")
    return FORMS[kind]


def _allowed(ledger, viewer, kind: str) -> None:
    action = "branch.veto" if kind == "veto" else "branch.deduction"
    authorise(ledger, viewer, lambda guard: guard.allow(action))


def _show(request, viewer, kind, values, errors=None, preview=None, status=200):
    _, title, names = FORMS[kind]
    return page(request, "branch_entry_new.html", viewer, status=status, kind=kind, title=title,
                fields=[(name, *FIELDS[name]) for name in names], v=values, errors=errors or {}, preview=preview)


def _field(error: LedgerError, names: tuple[str, ...]) -> str:
    if isinstance(error, NotFound):
        return "branch"
    if isinstance(error, InvalidInput) and error.field in (*names, "late_reason"):
        return error.field
    lowered = str(error).lower()
    return next((field for word, field in ABOUT if word in lowered and field in (*names, "late_reason")), "form")


@router.get("/branch-entries/new")
async def new_branch_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str, branch: str = ""):
    _form(kind)
    _allowed(ledger, viewer, kind)
    return _show(request, viewer, kind, {"branch": branch, "month": current_month(ledger),
                                         "entry_id": ledger.new_entry_id()})


@router.post("/branch-entries/new")
async def save_branch_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str):
    command, _, names = _form(kind)
    _allowed(ledger, viewer, kind)
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    preview = values.get("action") == "preview"
    try:
        entry = build(command, typed(values, (*names, "entry_id", "late_reason")))
        authorise(ledger, viewer, branch_entry_check(entry))
        result = run(ledger, viewer, entry, preview)
    except LedgerError as error:
        return _show(request, viewer, kind, values, {_field(error, names): in_chinese(error)}, status=400)
    if preview:
        return _show(request, viewer, kind, values, preview=result)
    return RedirectResponse(f"/branches/{entry.branch}?month={entry.month}&saved={result['entry_id']}",
                            status_code=303)
