"""The page matrix's table (tests/web/test_page_matrix.py): every page route x role x inside/outside
scope, with exactly one status each.

Inside: M1, B1, G1, C1 (in every scope that reaches them); outside: M9, B9 under C2, a committee
nobody here reaches. What a status means: 200 the page; 303 a redirect (logged out: to /login,
which returns to the page); 403 the role may never use the page; 404 unknown or outside scope,
told alike; 400 a form shown again with the refusal beside its field (an id typed into a form that
is outside scope is refused there exactly like an unknown one). A 400, 403 or 404 writes nothing.

Adding a page means adding its row here: the matrix fails for a page route without one.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("anon", "admin", "secretary", "reviewer_gb", "reviewer", "inspector", "auditor", "member")
LOGINS = {"admin": "admin1", "secretary": "wangfang", "reviewer_gb": "sunli", "reviewer": "chenjing",
          "inspector": "qianhong", "auditor": "liming", "member": "zhouyu"}
SCORES = {"organisation": "8", "leadership": "16", "support": "14", "bonus": "0", "action": "preview"}
NEW_MEMBER = {"member": "N-{role}", "name": "n", "joined": "2026-01-01", "status": "full"}
NEW_UNIT = {"unit": "U-{role}", "name": "u", "kind": "general_branch"}
NEW_BRANCH = {"branch": "BR-{role}", "name": "b", "category": "production", "established": "2026-01-01"}
SECRETARY = {"since": "2026-11-01", "full_time": "false"}
DEDUCTION = {"month": "2026-11", "points": "1", "clause": "c", "reason": "r", "action": "preview"}
VETO = {"month": "2026-11", "clause": "c", "reason": "r", "action": "preview"}
STUDY = {"类型": "学习教育", "日期": "2026-11-05", "内容": "学习党章"}
MEETING = {"会议编号": "MT-1", "会议类型": "党小组会", "日期": "2026-11-05", "出勤": "出席"}
ROSTER = {"党员编号": "R1", "姓名": "王五", "加入日期": "2026-01-05", "党员类别": "正式党员"}


@dataclass
class Upload:
    """A form's file: the sheet's blank template with this one row filled in (tests/files/sheets.py)."""
    sheet: str
    row: dict[str, str]


# (route, path in, form in, path out, form out, statuses in, statuses out); statuses in the order
# of ROLES. "{role}" in a form is the role's name, so that each role's write is a new thing. A form
# with "action": "preview" runs every check and writes nothing; an Upload in a form is posted as its file.
# A route may have several rows (one per form of a page, or per kind of a form).
TABLE = [
    ("GET /login", "/login", None, "/login", None, "200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    ("POST /login", "/login", {"username": "nobody", "password": "wrong"}, "/login", {"username": "", "password": ""},
     "400 400 400 400 400 400 400 400", "400 400 400 400 400 400 400 400"),
    ("GET /", "/", None, "/", None, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("POST /logout", "/logout", {}, "/logout", {}, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("GET /stars", "/stars?month=2026-10", None, "/stars?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 200 200 200 200 200 200 200"),
    ("GET /dashboard", "/dashboard?month=2026-10", None, "/dashboard?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 200 200 200 200 200 200 200"),
    ("GET /branches/{branch_id}", "/branches/B1?month=2026-10", None, "/branches/B9?month=2026-10", None,
     "303 200 200 200 200 200 200 404", "303 404 404 404 404 404 404 404"),
    ("GET /members/{member_id}", "/members/M1?month=2026-10", None, "/members/M9?month=2026-10", None,
     "303 200 200 200 200 200 200 200", "303 404 404 404 404 404 404 404"),
    ("GET /me", "/me", None, "/me", None, "303 303 303 303 303 303 303 303", "303 303 303 303 303 303 303 303"),
    ("GET /history/{key:path}", "/history/M1", None, "/history/M9", None,
     "303 200 200 200 200 200 200 200", "303 404 404 404 404 404 404 404"),
    ("GET /meetings/new", "/meetings/new?branch=B1", None, "/meetings/new?branch=B9", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("POST /meetings/new", "/meetings/new?branch=B1", {"kind": "group", "on": "2026-11-02", "action": "preview"},
     "/meetings/new?branch=B9", {"kind": "group", "on": "2026-11-02", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("GET /branches/{branch_id}/dues", "/branches/B1/dues?month=2026-11", None, "/branches/B9/dues?month=2026-11", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("POST /branches/{branch_id}/dues", "/branches/B1/dues?month=2026-11",
     {"amount-M1": "25", "paid_on-M1": "2026-11-02", "action": "preview"}, "/branches/B9/dues?month=2026-11",
     {"amount-M9": "25", "paid_on-M9": "2026-11-02", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 403 403 403"),
    ("GET /entries/new", "/entries/new?kind=study&member=M1", None, "/entries/new?kind=study&member=M9", None,
     "303 403 200 403 403 403 403 403", "303 403 200 403 403 403 403 403"),  # an empty form: it shows nobody's data
    ("POST /entries/new", "/entries/new?kind=study", {"member": "M1", "on": "2026-11-02", "topic": "t", "action": "preview"},
     "/entries/new?kind=study", {"member": "M9", "on": "2026-11-02", "topic": "t", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 400 403 403 403 403 403"),
    ("GET /reversals/new", "/reversals/new?entry=e-study-m1", None, "/reversals/new?entry=e-study-m9", None,
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 404 403 403"),
    ("POST /reversals/new", "/reversals/new?entry=e-study-m1", {"reason": "wrong", "action": "preview"},
     "/reversals/new?entry=e-study-m9", {"reason": "wrong", "action": "preview"},
     "303 403 200 403 403 403 403 403", "303 403 404 403 403 404 403 403"),
    ("GET /verify", "/verify", None, "/verify", None, "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 200 403"),
    ("POST /verify", "/verify", {"anchor": ""}, "/verify", {"anchor": ""},
     "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 200 403"),
    ("GET /audit/reads", "/audit/reads?member=M1", None, "/audit/reads?member=M9", None,
     "303 403 403 403 403 403 200 403", "303 403 403 403 403 403 404 403"),
    ("GET /review", "/review?month=2026-10", None, "/review?month=2026-10", None,
     "303 403 403 200 200 403 403 403", "303 403 403 200 200 403 403 403"),
    ("GET /review/assess", "/review/assess?branch=B1&month=2026-10", None, "/review/assess?branch=B9&month=2026-10", None,
     "303 403 200 200 200 403 403 403", "303 403 404 404 404 403 403 403"),
    ("POST /review/assess", "/review/assess?branch=B1&month=2026-10", SCORES, "/review/assess?branch=B9&month=2026-10",
     SCORES, "303 403 200 200 200 403 403 403", "303 403 404 404 404 403 403 403"),
    ("GET /deductions", "/deductions?member=M1", None, "/deductions?member=M9", None,
     "303 403 403 403 403 200 200 200", "303 403 403 403 403 404 404 404"),
    ("GET /appeals", "/appeals", None, "/appeals", None, "303 403 403 403 403 200 200 200", "303 403 403 403 403 200 200 200"),
    ("GET /appeals/{appeal_id}/decide", "/appeals/a-m1/decide", None, "/appeals/a-m9/decide", None,
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 404 403 403"),
    ("POST /appeals/{appeal_id}/decide", "/appeals/a-m1/decide", {"decision": "maintain", "reason": "r", "action": "preview"},
     "/appeals/a-m9/decide", {"decision": "maintain", "reason": "r", "action": "preview"},
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 404 403 403"),
    ("GET /appeals/new", "/appeals/new?entry=e-violation-m1", None, "/appeals/new?entry=e-violation-m9", None,
     "303 403 403 403 403 403 403 200", "303 403 403 403 403 403 403 404"),
    ("POST /appeals/new", "/appeals/new?entry=e-violation-m1", {"reason": "r"}, "/appeals/new?entry=e-violation-m9",
     {"reason": "r"}, "303 403 403 403 403 403 403 303", "303 403 403 403 403 403 403 404"),
    ("GET /admin/users", "/admin/users", None, "/admin/users", None,
     "303 200 403 403 403 403 403 403", "303 200 403 403 403 403 403 403"),
    ("POST /admin/users", "/admin/users", {"action": "add", "name": "u-{role}", "role": "member", "scope": "M4",
                                           "password": "first-password-9"},
     "/admin/users", {"action": "add", "name": "w-{role}", "role": "member", "scope": "M9", "password": "first-password-9"},
     "303 303 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("GET /admin/org", "/admin/org", None, "/admin/org", None,
     "303 200 403 403 403 403 403 403", "303 200 403 403 403 403 403 403"),
    # /admin/org: every form, its ids inside and outside the admin's scope; a preview runs every check.
    ("POST /admin/org", "/admin/org", {"form": "add", **NEW_MEMBER, "branch": "B1", "action": "save"},
     "/admin/org", {"form": "add", **NEW_MEMBER, "branch": "B9", "action": "save"},
     "303 303 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "unit", **NEW_UNIT, "parent": "C1", "action": "preview"},
     "/admin/org", {"form": "unit", **NEW_UNIT, "parent": "C2", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "branch", **NEW_BRANCH, "parent": "G1", "action": "preview"},
     "/admin/org", {"form": "branch", **NEW_BRANCH, "parent": "C2", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "move", "member": "M2", "to": "B2", "on": "2026-11-02", "action": "preview"},
     "/admin/org", {"form": "move", "member": "M9", "to": "B1", "on": "2026-11-02", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "move", "member": "M2", "to": "B2", "on": "2026-11-02", "action": "preview"},
     "/admin/org", {"form": "move", "member": "M2", "to": "B9", "on": "2026-11-02", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "status", "member": "M3", "to": "probationary", "on": "2026-11-02",
                                       "action": "preview"},
     "/admin/org", {"form": "status", "member": "M9", "to": "probationary", "on": "2026-11-02", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("POST /admin/org", "/admin/org", {"form": "secretary", **SECRETARY, "branch": "B1", "member": "M2",
                                       "action": "preview"},
     "/admin/org", {"form": "secretary", **SECRETARY, "branch": "B9", "member": "M9", "action": "preview"},
     "303 200 403 403 403 403 403 403", "303 400 403 403 403 403 403 403"),
    ("GET /months", "/months", None, "/months", None, "303 403 403 403 200 403 403 403", "303 403 403 403 200 403 403 403"),
    ("POST /months", "/months", {"action": "preview", "month": "2026-10", "notice_days": "5"}, "/months",
     {"action": "preview", "month": "2026-10", "notice_days": "5"},
     "303 403 403 403 200 403 403 403", "303 403 403 403 200 403 403 403"),
    ("GET /objections/new", "/objections/new?month=2026-09&subject=M1", None, "/objections/new?month=2026-09&subject=M9",
     None, "303 403 403 403 403 403 403 200", "303 403 403 403 403 403 403 404"),
    ("POST /objections/new", "/objections/new?month=2026-09&subject=M1", {"reason": "r"},
     "/objections/new?month=2026-09&subject=M9", {"reason": "r"},
     "303 403 403 403 403 403 403 303", "303 403 403 403 403 403 403 404"),
    # The inspector's branch forms; an empty form (GET) shows nobody's data, a typed id is checked on POST.
    ("GET /branch-entries/new", "/branch-entries/new?kind=deduction&branch=B1", None,
     "/branch-entries/new?kind=deduction&branch=B9", None,
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 200 403 403"),
    ("GET /branch-entries/new", "/branch-entries/new?kind=veto&branch=B1", None,
     "/branch-entries/new?kind=veto&branch=B9", None,
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 200 403 403"),
    ("GET /branch-entries/new", "/branch-entries/new?kind=other", None, "/branch-entries/new?kind=other", None,
     "303 404 404 404 404 404 404 404", "303 404 404 404 404 404 404 404"),
    ("POST /branch-entries/new", "/branch-entries/new?kind=deduction", {**DEDUCTION, "branch": "B1"},
     "/branch-entries/new?kind=deduction", {**DEDUCTION, "branch": "B9"},
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 400 403 403"),
    ("POST /branch-entries/new", "/branch-entries/new?kind=veto", {**VETO, "branch": "B1"},
     "/branch-entries/new?kind=veto", {**VETO, "branch": "B9"},
     "303 403 403 403 403 200 403 403", "303 403 403 403 403 400 403 403"),
    # Spreadsheet upload: the secretary's entries and meetings, the admin's roster (a sheet the role
    # may not upload is a 400 beside 表格类型, its template a 404). Outside: a row of another branch.
    ("GET /sheets", "/sheets", None, "/sheets", None,
     "303 200 200 403 403 403 403 403", "303 200 200 403 403 403 403 403"),
    ("GET /sheets/template/{sheet}", "/sheets/template/entries", None, "/sheets/template/roster", None,
     "303 404 200 403 403 403 403 403", "303 200 404 403 403 403 403 403"),
    ("GET /sheets/template/{sheet}", "/sheets/template/meetings", None, "/sheets/template/other", None,
     "303 404 200 403 403 403 403 403", "303 404 404 403 403 403 403 403"),
    ("POST /sheets", "/sheets", {"sheet": "entries", "action": "preview", "file": Upload("entries", {**STUDY, "党员编号": "M1"})},
     "/sheets", {"sheet": "entries", "action": "preview", "file": Upload("entries", {**STUDY, "党员编号": "M9"})},
     "303 400 200 403 403 403 403 403", "303 400 400 403 403 403 403 403"),
    ("POST /sheets", "/sheets", {"sheet": "meetings", "action": "preview", "file": Upload("meetings", {**MEETING, "党支部编号": "B1", "党员编号": "M1"})},
     "/sheets", {"sheet": "meetings", "action": "preview", "file": Upload("meetings", {**MEETING, "党支部编号": "B2", "党员编号": "M6"})},  # a sibling
     "303 400 200 403 403 403 403 403", "303 400 400 403 403 403 403 403"),
    ("POST /sheets", "/sheets", {"sheet": "roster", "action": "preview", "file": Upload("roster", {**ROSTER, "党支部编号": "B1"})},
     "/sheets", {"sheet": "roster", "action": "preview", "file": Upload("roster", {**ROSTER, "党支部编号": "B9"})},
     "303 200 400 403 403 403 403 403", "303 400 400 403 403 403 403 403"),
]
