"""The month's dues in one table: one row per member, amount (金额) and date (日期) to record.

Rows left empty are skipped. Every filled row is checked first; then all of them are recorded
in one batch, so a refusal writes nothing. Each row's entry id is the form's id and the member
id, so posting the same form again records nothing twice.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access import authorise, authorised_read
from commands.web.deps import Ledger, Viewer, month_asked
from commands.web.forms import FormRefused, field_of, form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.dates import parse_date
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
    try:
        payments = _payments(rows, values)
        if not payments:
            raise FormRefused("form", "请至少填写一行金额和日期")
        authorise(ledger, viewer, lambda guard: [guard.member(member_id, month=month) for member_id, *_ in payments])
        late_reason = values.get("late_reason", "").strip() or None

        def record_each() -> dict:
            return {"recorded": [_row(member_id, lambda: ledger.record_dues(
                member_id, month, amount, paid_on, viewer.label, f"{values['form_id']}-{member_id}", late_reason))
                for member_id, amount, paid_on in payments]}

        if values.get("action") == "preview":
            preview = ledger.preview(record_each)
            return _show(request, viewer, branch_id, month, name, rows, values, preview=preview)
        def record_batch() -> None:
            with ledger.batch():
                record_each()

        ledger.with_retries(record_batch)
    except FormRefused as refusal:
        return _show(request, viewer, branch_id, month, name, rows, values, {refusal.field: str(refusal)}, status=400)
    except LedgerError as error:
        return _show(request, viewer, branch_id, month, name, rows, values, {field_of(str(error)): str(error)},
                     status=400)
    return RedirectResponse(f"/branches/{branch_id}/dues?month={month}&saved={len(payments)}", status_code=303)


def _payments(rows: list[dict], values: dict) -> list[tuple]:
    """(member id, amount, paid on) of every filled row; the first bad cell is refused by name."""
    found = []
    for row in rows:
        member_id = row["member_id"]
        amount_text = values.get(f"amount-{member_id}", "").strip()
        paid_text = values.get(f"paid_on-{member_id}", "").strip()
        if not amount_text and not paid_text:
            continue
        try:
            amount = Decimal(amount_text)
        except InvalidOperation:
            raise FormRefused(f"amount-{member_id}", "金额应为数字，例如 25.50") from None
        try:
            paid_on = parse_date(paid_text)
        except LedgerError:
            raise FormRefused(f"paid_on-{member_id}", "日期应写作 YYYY-MM-DD，例如 2026-03-10") from None
        found.append((member_id, amount, paid_on))
    return found


def _row(member_id: str, record) -> dict:
    """One row's write; its refusal goes beside that row's amount or date."""
    try:
        return record()
    except LedgerError as error:
        field = {"amount": "amount", "on": "paid_on"}.get(field_of(str(error)))
        if field is None:
            raise
        raise FormRefused(f"{field}-{member_id}", str(error)) from None
