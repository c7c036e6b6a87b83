"""Every page route of the inspector's branch forms, the organisation forms and the spreadsheet
upload, for every user of the walks: exactly one status each, from one table. A refused write
(403, 404, or 400 for a file whose rows fall outside the uploader's scope) writes nothing."""

from __future__ import annotations

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.files.sheets import filled
from tests.web.conftest import USERS, log_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAMES = list(USERS)  # wangfang zhaolei liming chenjing sunli zhouyu qianhong admin1
DEDUCTION = {"branch": "B1", "month": "2026-11", "points": "1", "clause": "c", "reason": "r", "action": "save"}
VETO = {"branch": "B2", "month": "2026-11", "clause": "c", "reason": "r", "action": "save"}
STATUS = {"form": "status", "member": "M3", "to": "probationary", "on": "2026-11-01", "action": "save"}

# (method, path, form) -> statuses in the order of NAMES; "file" posts the B1 entries sheet.
TABLE = [
    ("GET", "/branch-entries/new?kind=deduction", None, "403 403 403 403 403 403 200 403"),
    ("GET", "/branch-entries/new?kind=veto", None, "403 403 403 403 403 403 200 403"),
    ("GET", "/branch-entries/new?kind=other", None, "404 404 404 404 404 404 404 404"),
    ("GET", "/admin/org", None, "403 403 403 403 403 403 403 200"),
    ("GET", "/sheets", None, "200 200 403 403 403 403 403 200"),
    ("GET", "/sheets/template/entries", None, "200 200 403 403 403 403 403 404"),
    ("GET", "/sheets/template/meetings", None, "200 200 403 403 403 403 403 404"),
    ("GET", "/sheets/template/roster", None, "404 404 403 403 403 403 403 200"),
    ("POST", "/branch-entries/new?kind=deduction", DEDUCTION, "403 403 403 403 403 403 303 403"),
    ("POST", "/branch-entries/new?kind=veto", VETO, "403 403 403 403 403 403 303 403"),
    ("POST", "/admin/org", STATUS, "403 403 403 403 403 403 403 303"),
    # a preview: B1's secretary sees it; B2's finds B1's member outside their scope (its row refused)
    ("POST", "/sheets", "file", "200 400 403 403 403 403 403 400"),
]


def _post(page, path, form, csrf, sheet):
    if form == "file":
        upload = {"name": "entries.xlsx", "mimeType": XLSX, "buffer": sheet.read_bytes()}
        return page.request.post(path, multipart={"csrf_token": csrf, "sheet": "entries", "action": "preview",
                                                  "file": upload}, max_redirects=0)
    return page.request.post(path, form={"csrf_token": csrf, **form}, max_redirects=0)


def test_each_user_gets_exactly_the_status_of_the_table(site, site_db, browser, tmp_path):
    study = {"党员编号": "M1", "类型": "学习教育", "日期": "2026-11-05", "内容": "学习党章"}
    sheet = filled(tmp_path, "entries", [study])
    got, expected, written_on_refusal = {}, {}, []
    for name in NAMES:
        context = browser.new_context()
        page = context.new_page()
        log_in(page, site, name)
        csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
        for method, path, form, statuses in TABLE:
            with open_ledger(site_db) as ledger:
                before = event_count(ledger)
            answer = (page.request.get(f"{site}{path}", max_redirects=0) if method == "GET"
                      else _post(page, f"{site}{path}", form, csrf, sheet))
            got[(name, method, path)] = answer.status
            expected[(name, method, path)] = int(statuses.split()[NAMES.index(name)])
            if answer.status in (400, 403, 404):
                with open_ledger(site_db) as ledger:
                    if event_count(ledger) != before:
                        written_on_refusal.append((name, method, path))
        context.close()
    assert got == expected
    assert written_on_refusal == []
