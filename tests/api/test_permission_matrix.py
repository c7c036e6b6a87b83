"""Every role x endpoint x inside/outside scope gives exactly one status, from one table.

Inside: M1, B1, G1, C1 (in every user's scope that reaches them). Outside: M9, B9, C2 (another
committee nobody here reaches). A refusal (403 or 404) leaves the event count unchanged.
"""

from __future__ import annotations

import pytest

from ledger.rule_book_content import default_rule_book, rule_book_json

SCORES = {"month": "2026-10", "organisation": "8", "leadership": "16", "support": "14"}
BOOK = {**rule_book_json(default_rule_book()), "version": "in"}
ROLES = ("admin", "secretary", "reviewer_gb", "reviewer", "inspector", "auditor", "member")

# (name, method, path in, body in, path out, body out, statuses in, statuses out)
# Statuses are listed in the order of ROLES. "{role}" in a path or body is the user's name,
# so that each role's successful write is a new thing. A write's "out" is 404 for a role that
# may do it and 403 for one that may not (the role is checked before the scope).
TABLE = [
    ("add unit", "POST", "/api/units", {"unit": "U-{role}", "name": "n", "kind": "general_branch", "parent": "C1"},
     "/api/units", {"unit": "V-{role}", "name": "n", "kind": "general_branch", "parent": "C2"},
     "201 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("add branch", "POST", "/api/branches",
     {"branch": "B-{role}", "name": "n", "category": "production", "parent": "G1", "established": "2026-01-01"},
     "/api/branches",
     {"branch": "W-{role}", "name": "n", "category": "production", "parent": "C2", "established": "2026-01-01"},
     "201 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("add member", "POST", "/api/members", {"member": "N-{role}", "name": "n", "branch": "B1", "joined": "2026-01-01"},
     "/api/members", {"member": "X-{role}", "name": "n", "branch": "B9", "joined": "2026-01-01"},
     "201 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("member status", "POST", "/api/members/M3/status", {"to": "probationary", "on": "2026-11-01"},
     "/api/members/M9/status", {"to": "probationary", "on": "2026-11-01"},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("study", "POST", "/api/entries/study", {"member": "M1", "on": "2026-11-02", "topic": "t"},
     "/api/entries/study", {"member": "M9", "on": "2026-11-02", "topic": "t"},
     "403 201 403 403 403 403 403", "403 404 403 403 403 403 403"),
    ("violation", "POST", "/api/entries/violation",
     {"member": "M1", "on": "2026-11-02", "reason": "r", "decision": "d", "issued_by": "i"},
     "/api/entries/violation", {"member": "M9", "on": "2026-11-02", "reason": "r", "decision": "d", "issued_by": "i"},
     "403 403 403 403 201 403 403", "403 403 403 403 404 403 403"),
    ("meeting", "POST", "/api/meetings", {"branch": "B1", "kind": "group", "on": "2026-11-03", "attended": ["M1"]},
     "/api/meetings", {"branch": "B9", "kind": "group", "on": "2026-11-03", "attended": ["M9"]},
     "403 201 403 403 403 403 403", "403 404 403 403 403 403 403"),
    ("reversal", "POST", "/api/reversals", {"entry_id": "e-study-m1", "reason": "wrong"},
     "/api/reversals", {"entry_id": "e-study-m9", "reason": "wrong"},
     "403 201 403 403 403 403 403", "403 404 403 403 404 403 403"),
    ("add user", "POST", "/api/users", {"name": "u-{role}", "role": "member", "scope": "M4"},
     "/api/users", {"name": "w-{role}", "role": "member", "scope": "M9"},
     "201 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("verify", "POST", "/api/verify", None, "/api/verify", None,
     "403 403 403 403 403 200 403", "403 403 403 403 403 200 403"),
    ("member score", "GET", "/api/members/M1/score?month=2026-10", None, "/api/members/M9/score?month=2026-10", None,
     "200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    ("member explain", "GET", "/api/members/M1/explain?month=2026-10", None,
     "/api/members/M9/explain?month=2026-10", None,
     "200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    ("member ledger", "GET", "/api/members/M1", None, "/api/members/M9", None,
     "200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    ("branch score", "GET", "/api/branches/B1/score?month=2026-10", None, "/api/branches/B9/score?month=2026-10", None,
     "200 200 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("branch", "GET", "/api/branches/B1", None, "/api/branches/B9", None,
     "200 200 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("members of branch", "GET", "/api/members?branch=B1", None, "/api/members?branch=B9", None,
     "200 200 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("ranking", "GET", "/api/ranking?branch=B1&month=2026-10", None, "/api/ranking?branch=B9&month=2026-10", None,
     "200 200 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("unit tree", "GET", "/api/units/G1", None, "/api/units/C2", None,
     "200 404 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("history", "GET", "/api/history/M1", None, "/api/history/M9", None,
     "200 200 200 200 200 200 200", "404 404 404 404 404 404 404"),
    ("deductions", "GET", "/api/deductions?member=M1", None, "/api/deductions?member=M9", None,
     "403 403 403 403 200 200 200", "403 403 403 403 404 404 404"),
    ("read audit", "GET", "/api/audit/reads?member=M1", None, "/api/audit/reads?member=M9", None,
     "403 403 403 403 403 200 403", "403 403 403 403 403 404 403"),
    ("transfer", "POST", "/api/members/M4/transfer", {"to": "B2", "on": "2026-11-01"},
     "/api/members/M9/transfer", {"to": "B1", "on": "2026-11-01"},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("secretary", "POST", "/api/branches/B1/secretary", {"member": "M5", "since": "2026-01-01", "full_time": False},
     "/api/branches/B9/secretary", {"member": "M9", "since": "2026-01-01", "full_time": False},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("user role", "POST", "/api/users/spare/role", {"role": "member", "scope": "M3"},
     "/api/users/outsider/role", {"role": "member", "scope": "M3"},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("user password", "POST", "/api/users/spare/password", {"password": "long enough"},
     "/api/users/outsider/password", {"password": "long enough"},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("user revoke", "POST", "/api/users/spare2/revoke", {"reason": "r"}, "/api/users/outsider/revoke", {"reason": "r"},
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("user tokens", "GET", "/api/users/spare/tokens", None, "/api/users/outsider/tokens", None,
     "200 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("issue token", "POST", "/api/users/spare/tokens", {"days": 7}, "/api/users/outsider/tokens", {"days": 7},
     "201 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    # The in-scope user has no token of that id: an admin is told so (404), the others may not ask.
    ("revoke token", "POST", "/api/users/spare/tokens/0123456789ab/revoke", None,
     "/api/users/outsider/tokens/0123456789ab/revoke", None,
     "404 403 403 403 403 403 403", "404 403 403 403 403 403 403"),
    ("user list", "GET", "/api/users", None, "/api/users", None,
     "200 403 403 403 403 403 403", "200 403 403 403 403 403 403"),
    ("self step", "POST", "/api/assessments", {**SCORES, "branch": "B1", "step": "self"},
     "/api/assessments", {**SCORES, "branch": "B9", "step": "self"},
     "403 201 403 403 403 403 403", "403 404 403 403 403 403 403"),
    ("preliminary step", "POST", "/api/assessments", {**SCORES, "branch": "B1", "step": "preliminary"},
     "/api/assessments", {**SCORES, "branch": "B9", "step": "preliminary"},
     "403 403 201 403 403 403 403", "403 403 404 403 403 403 403"),
    ("final step", "POST", "/api/assessments", {**SCORES, "branch": "B1", "step": "final"},
     "/api/assessments", {**SCORES, "branch": "B9", "step": "final"},
     "403 403 403 201 403 403 403", "403 403 403 404 403 403 403"),
    ("branch deduction", "POST", "/api/branch-deductions",
     {"branch": "B1", "month": "2026-10", "points": "1", "clause": "c", "reason": "r"},
     "/api/branch-deductions", {"branch": "B9", "month": "2026-10", "points": "1", "clause": "c", "reason": "r"},
     "403 403 403 403 201 403 403", "403 403 403 403 404 403 403"),
    ("veto", "POST", "/api/vetoes", {"branch": "B2", "month": "2026-10", "clause": "c", "reason": "r"},
     "/api/vetoes", {"branch": "B9", "month": "2026-10", "clause": "c", "reason": "r"},
     "403 403 403 403 201 403 403", "403 403 403 403 404 403 403"),
    ("appeal", "POST", "/api/appeals", {"entry_id": "e-violation-m1", "reason": "r"},
     "/api/appeals", {"entry_id": "e-violation-m9", "reason": "r"},
     "403 403 403 403 403 403 201", "403 403 403 403 403 403 404"),
    ("appeal decision", "POST", "/api/appeals/a-m1/decision", {"decision": "maintain", "reason": "r"},
     "/api/appeals/a-m9/decision", {"decision": "maintain", "reason": "r"},
     "403 403 403 403 200 403 403", "403 403 403 403 404 403 403"),
    ("close", "POST", "/api/months/2026-10/close", {"notice_days": 5}, "/api/months/2026-08/close", {"notice_days": 0},
     "403 403 403 200 403 403 403", "403 403 403 200 403 403 403"),
    ("seal", "POST", "/api/months/2026-08/seal", None, "/api/months/2026-08/seal", None,
     "403 403 403 200 403 403 403", "403 403 403 409 403 403 403"),
    ("objection", "POST", "/api/objections", {"month": "2026-10", "subject": "M1", "reason": "r"},
     "/api/objections", {"month": "2026-10", "subject": "M9", "reason": "r"},
     "403 403 403 403 403 403 201", "403 403 403 403 403 403 404"),
    ("publish rule book", "POST", "/api/rulebooks", {"effective": "2027-01-01", "body": BOOK},
     "/api/rulebooks", {"effective": "2027-01-01", "body": {**BOOK, "version": "out"}},
     "403 403 403 201 403 403 403", "403 403 403 201 403 403 403"),
    ("current rule book", "GET", "/api/rulebooks/current", None, "/api/rulebooks/current", None,
     "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("what if", "POST", "/api/whatif", {"month": "2026-10", "body": BOOK}, "/api/whatif",
     {"month": "2026-10", "body": BOOK}, "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("months", "GET", "/api/months", None, "/api/months", None,
     "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("branch explain", "GET", "/api/branches/B1/explain?month=2026-10", None,
     "/api/branches/B9/explain?month=2026-10", None,
     "200 200 200 200 200 200 404", "404 404 404 404 404 404 404"),
    ("stars", "GET", "/api/stars?month=2026-10", None, "/api/stars?month=2026-10", None,
     "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("alerts", "GET", "/api/alerts?month=2026-10", None, "/api/alerts?month=2026-10", None,
     "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("pay", "GET", "/api/pay?month=2026-10", None, "/api/pay?month=2026-10", None,
     "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    ("export", "GET", "/api/exports/2026-10.csv", None, "/api/exports/2026-10.xlsx", None,
     "403 403 403 403 403 403 403", "403 403 403 403 403 403 403"),
]


def _fill(value, role):
    if isinstance(value, str):
        return value.replace("{role}", role)
    if isinstance(value, dict):
        return {key: _fill(item, role) for key, item in value.items()}
    return value


CASES = [pytest.param(name, role, where, method, path, body, int(statuses.split()[ROLES.index(role)]),
                      id=f"{name}-{role}-{where}")
         for name, method, path_in, body_in, path_out, body_out, statuses_in, statuses_out in TABLE
         for where, path, body, statuses in (("in", path_in, body_in, statuses_in),
                                             ("out", path_out, body_out, statuses_out))
         for role in ROLES]


@pytest.mark.parametrize("name, role, where, method, path, body, expected", CASES)
def test_permission(shared_server, name, role, where, method, path, body, expected):
    before = shared_server.events()
    with shared_server.client(role) as client:
        answer = client.request(method, _fill(path, role), json=_fill(body, role))
    assert answer.status_code == expected, answer.text
    if expected in (403, 404):
        assert shared_server.events() == before


def test_out_of_scope_is_worded_exactly_like_unknown(shared_server):
    with shared_server.client("secretary") as client:
        outside = client.get("/api/members/M9")
        unknown = client.get("/api/members/NOBODY")
        assert outside.json() == {"detail": "no member with id 'M9'"}
        assert unknown.json() == {"detail": "no member with id 'NOBODY'"}
        assert client.get("/api/branches/B9").json() == {"detail": "no branch with id 'B9'"}
