"""The month's dues in one table: one row per member, amount (金额) and date (日期) to record.

Rows left empty are skipped. Every filled row becomes the application's RecordDues command,
checked first and behind the same access check as `POST /api/entries/dues`; then all of them
are run in one batch, so a refusal writes nothing.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise, authorised_read
from commands.service.access.command_checks import entry_check
from commands.service.models.entry_commands import RecordDues
from commands.service.models.model_base import InvalidInput, build
from commands.service.runtime.retry import retry_conflicts
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer, month_asked
from commands.web.forms import FormRefused, field_of, form_data, where
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError
from projections.roster import branch_dues, branch_names

router = APIRouter(route_class=PageRoute)


def _table(ledger, viewer, branch_id: str, month: str) -> tuple[str, list[dict]]:
    def read(guard):
        guard.allow("entry.record").branch(branch_id)
        return branch_names(guard.conn)[branch_id], branch_dues(guard.conn, branch_id, month)
    return authorised_read(ledger, viewer, read)


def _show(request, viewer, branch_id, month, name, rows, values, errors=None, preview=None, saved=None, status=200):
    return page(request, "dues.html", viewer, status=status, branch_id=branch_id, branch_name=name, month=month,
                rows=rows, v=values, errors=errors or {}, preview=preview, saved=saved)


@router.get("/branches/{branch_id}/dues")
async def dues_form(request: Request, ledger: Ledger, viewer: Viewer, branch_id: str, month: str | None = None,
                    saved: int | None = None):
    month = month_asked(ledger, month)
    name, rows = _table(ledger, viewer, branch_id, month)
    return _show(request, viewer, branch_id, month, name, rows, {"form_id": ledger.new_entry_id()}, saved=saved)


@router.post("/branches/{branch_id}/dues")
async def save_dues(request: Request, ledger: Ledger, viewer: Viewer, branch_id: str, month: str):
    month = month_asked(ledger, month)
    name, rows = _table(ledger, viewer, branch_id, month)
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    values.setdefault("form_id", ledger.new_entry_id())
    preview = values.get("action") == "preview"
    try:
        payments = _payments(rows, values, month)
        if not payments:
            raise FormRefused("form", "请至少填写一行金额和日期")
        authorise(ledger, viewer, lambda guard: [entry_check(payment)(guard) for payment in payments])

        def record_each() -> dict:
            return {"recorded": [_row(payment, lambda p=payment: ledger.execute(p, viewer.label))
                                 for payment in payments]}

        def record_batch() -> dict:
            with ledger.batch():  # every row, or none: a refusal of one row writes nothing
                return record_each()

        result = ledger.preview(record_each) if preview else retry_conflicts(record_batch)
    except FormRefused as refusal:
        return _show(request, viewer, branch_id, month, name, rows, values, {refusal.field: str(refusal)}, status=400)
    except LedgerError as error:
        return _show(request, viewer, branch_id, month, name, rows, values,
                     {where(error, ("late_reason",)): in_chinese(error)}, status=400)
    if preview:
        return _show(request, viewer, branch_id, month, name, rows, values, preview=result)
    return RedirectResponse(f"/branches/{branch_id}/dues?month={month}&saved={len(payments)}", status_code=303)


def _payments(rows: list[dict], values: dict, month: str) -> list[RecordDues]:
    """A RecordDues command for every filled row; the first bad cell is refused beside it. Each
    row's entry id is the form's id and the member's, so posting the form again records nothing twice."""
    found = []
    for row in rows:
        member_id = row["member_id"]
        cells = {"amount": values.get(f"amount-{member_id}", "").strip(),
                 "paid_on": values.get(f"paid_on-{member_id}", "").strip()}
        if not any(cells.values()):
            continue
        given = {name: text for name, text in cells.items() if text}
        try:
            found.append(build(RecordDues, {"member": member_id, "month": month, **given,
                                            "entry_id": f"{values['form_id']}-{member_id}",
                                            "late_reason": values.get("late_reason", "")}))
        except InvalidInput as error:
            raise FormRefused(_cell(error.field, member_id), in_chinese(error)) from None
    return found


def _cell(field: str | None, member_id: str) -> str:
    """The row's cell a refusal is about; the late reason is the form's, anything else the whole form's."""
    if field in ("amount", "paid_on"):
        return f"{field}-{member_id}"
    return "late_reason" if field == "late_reason" else "form"


def _row(payment: RecordDues, record) -> dict:
    """One row's write; its refusal goes beside that row's amount or date."""
    try:
        return record()
    except LedgerError as error:
        field = {"amount": "amount", "on": "paid_on"}.get(field_of(str(error)))
        if field is None:
            raise
        raise FormRefused(f"{field}-{payment.member}", in_chinese(error)) from None
