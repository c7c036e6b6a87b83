"""/sheets: upload a filled-in roster, entries or meetings spreadsheet (the templates of
commands/files/sheet_templates.py, downloadable here), see what it would write or every refused
row with its row number and reason, then 保存. The import is `import_sheet`, the CLI's, with every
row's command put to the access policy first (`row_checks`); which sheets a role may upload is
`SHEET_ACTIONS`. Between the preview and 保存 the file waits on the server under a random token
bound to the user and the sheet, so nobody else can save it and nothing is uploaded twice.
The file is read off the event loop, in a child process with a memory cap and a time limit
(commands/files/sheet_process.py); the rows it gives back are imported here, on the loop, where
the ledger lives."""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from commands.files.sheet_import import errors_path, import_rows
from commands.files.sheet_layout import LAYOUTS
from commands.files.sheet_messages import file_in_chinese
from commands.files.sheet_process import read_sheet_off_loop
from commands.files.sheet_templates import write_template
from commands.http.auth import check_csrf
from commands.service.access.access import permitted
from commands.service.access.authorised import authorise
from commands.service.access.command_checks import SHEET_ACTIONS, row_checks
from commands.web.deps import Ledger, Viewer
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import Forbidden, LedgerError, NotFound

router = APIRouter(route_class=PageRoute)
UPLOADS = Path(tempfile.gettempdir()) / "starledger-uploads"
MOST_BYTES = 20 * 1024 * 1024
KEPT_SECONDS = 24 * 3600  # an upload previewed and never saved is removed after a day


def _sheets_for(ledger, viewer) -> list[str]:
    """The sheets the viewer may upload; none: the role may not use the page."""
    sheets = authorise(ledger, viewer, lambda guard: [
        sheet for sheet, action in SHEET_ACTIONS.items() if permitted(viewer.role, guard.scope.level, action)])
    if not sheets:
        raise Forbidden(f"a {viewer.role} may not import spreadsheets")
    return sheets


def _waiting(viewer, token: str, sheet: str) -> Path:
    digest = hashlib.sha256(f"{viewer.label}\x1e{token}\x1e{sheet}".encode()).hexdigest()
    return UPLOADS / f"{digest}.xlsx"


def _forget_old() -> None:
    cutoff = time.time() - KEPT_SECONDS
    for old in UPLOADS.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _show(request, viewer, sheets, values, status=200, **shown):
    return page(request, "sheets.html", viewer, status=status, sheets={s: LAYOUTS[s].title for s in sheets},
                v=values, **shown)


async def _import(ledger, viewer, sheet: str, path: Path, preview: bool) -> dict:
    rows = await read_sheet_off_loop(path, sheet)
    with row_checks(ledger, viewer) as check:
        return import_rows(ledger, sheet, rows, path, viewer.label, dry_run=preview, check=check)


def _done(path: Path) -> None:
    path.unlink(missing_ok=True)
    errors_path(path).unlink(missing_ok=True)


@router.get("/sheets")
async def sheets_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    sheets = _sheets_for(ledger, viewer)
    return _show(request, viewer, sheets, {"sheet": sheets[0]}, done=done)


@router.post("/sheets")
async def upload(request: Request, ledger: Ledger, viewer: Viewer):
    sheets = _sheets_for(ledger, viewer)
    form = await request.form()
    check_csrf(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None)
    sheet = str(form.get("sheet", ""))
    values = {"sheet": sheet}
    if sheet not in sheets:
        return _show(request, viewer, sheets, values, 400, errors={"sheet": "请选择表格类型。"})
    if form.get("action") == "save":
        return await _save(request, ledger, viewer, sheets, sheet, str(form.get("token", "")),
                           str(form.get("name", "")))
    upload = form.get("file")
    name = Path(getattr(upload, "filename", "") or "").name
    if upload is None or isinstance(upload, str) or not name:
        return _show(request, viewer, sheets, values, 400, errors={"file": "请选择要上传的 .xlsx 文件。"})
    if not name.lower().endswith(".xlsx"):
        return _show(request, viewer, sheets, values, 400,
                     errors={"file": f"“{name}”不是 .xlsx 文件，请上传 Excel 工作簿。"})
    content = await upload.read(MOST_BYTES + 1)
    if len(content) > MOST_BYTES:
        return _show(request, viewer, sheets, values, 400, errors={"file": f"“{name}”超过 20 MB，请分成几个文件上传。"})
    UPLOADS.mkdir(parents=True, exist_ok=True)
    _forget_old()
    token = secrets.token_urlsafe(24)
    path = _waiting(viewer, token, sheet)
    path.write_bytes(content)
    try:
        result = await _import(ledger, viewer, sheet, path, preview=True)
    except LedgerError as error:  # the sheet reader tells a damaged file as a refusal
        _done(path)
        return _show(request, viewer, sheets, values, 400, errors={"file": file_in_chinese(str(error), name)})
    if result["errors"]:
        _done(path)
        return _show(request, viewer, sheets, values, 400, file_name=name, result=result)
    return _show(request, viewer, sheets, values, file_name=name, result=result, token=token)


async def _save(request, ledger, viewer, sheets, sheet: str, token: str, name: str):
    path = _waiting(viewer, token, sheet)
    if not token or not path.is_file():
        return _show(request, viewer, sheets, {"sheet": sheet}, 400,
                     errors={"file": "预览过的文件已失效，请重新上传。"})
    try:
        result = await _import(ledger, viewer, sheet, path, preview=False)
    except LedgerError as error:
        return _show(request, viewer, sheets, {"sheet": sheet}, 400, errors={"file": file_in_chinese(str(error), name)})
    finally:
        _done(path)
    if result["errors"]:  # the ledger changed since the preview: nothing was written
        return _show(request, viewer, sheets, {"sheet": sheet}, 400, file_name=name, result=result)
    done = f"已导入“{name}”：写入 {result['imported']} 行，{result['skipped']} 行已在台账中未重复写入。"
    return RedirectResponse(f"/sheets?done={quote(done)}", status_code=303)


@router.get("/sheets/template/{sheet}")
async def template(request: Request, ledger: Ledger, viewer: Viewer, sheet: str):
    if sheet not in _sheets_for(ledger, viewer):
        raise NotFound(f"no template '{sheet}'")
    layout = LAYOUTS[sheet]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{layout.name}.xlsx"
        write_template(layout, path)
        content = path.read_bytes()
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(layout.title)}.xlsx"})
