"""Endpoints end to end through uvicorn: results, dry runs, errors and the review cycle."""

from __future__ import annotations

from commands.service.ledger import open_ledger
from tests.api.conftest import Served
from tests.cli.conftest import Cli
from tests.conftest import TODAY

STUDY = {"member": "M1", "on": "2026-11-02", "topic": "党章学习"}


def test_a_dry_run_lists_the_impact_and_writes_nothing(served):
    before = served.events()
    with served.client("secretary") as client:
        answer = client.post("/api/entries/study?dry_run=true", json=STUDY)
    assert answer.status_code == 200
    data = answer.json()
    assert data["dry_run"] is True and data["would_record"]["entry_id"].startswith("e-")
    assert {"figure": "member_month", "subject_id": "M1", "month": "2026-11", "old": 0.0, "new": 1.0,
            "delta": 1.0} in data["changes"]
    assert served.events() == before


def test_an_invalid_body_is_422_naming_the_field_and_writes_nothing(served):
    before = served.events()
    with served.client("secretary") as client:
        bad_amount = client.post("/api/entries/dues", json={"member": "M1", "month": "2026-10",
                                                            "amount": "lots", "paid_on": "2026-10-03"})
        missing = client.post("/api/meetings", json={"kind": "group", "on": "2026-11-03"})
        not_json = client.post("/api/entries/study", content=b"{", headers={"Content-Type": "application/json"})
        future = client.post("/api/entries/study", json={**STUDY, "on": "2026-12-30"})
    assert (bad_amount.status_code, bad_amount.json()["field"]) == (422, "amount")
    assert bad_amount.json()["detail"].startswith("amount: ")
    assert (missing.status_code, missing.json()["field"]) == (422, "branch")
    assert not_json.status_code == 422
    assert future.json() == {"detail": "date 2026-12-30 is after today (2026-11-21)"}
    assert future.status_code == 422
    assert served.events() == before


def test_a_reused_entry_id_is_409_and_a_repeat_of_the_same_write_changes_nothing(served):
    with served.client("secretary") as client:
        first = client.post("/api/entries/study", json={**STUDY, "entry_id": "e-mine"})
        count = served.events()
        again = client.post("/api/entries/study", json={**STUDY, "entry_id": "e-mine"})
        other = client.post("/api/entries/study", json={**STUDY, "topic": "其他", "entry_id": "e-mine"})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert other.status_code == 409
    assert other.json() == {"detail": "entry id e-mine is already used by a different entry"}
    assert served.events() == count


# path as the auditor (scope C1) asks it -> the same question on the command line (none that
# depends on today: the server here has a fixed today, the command line the real one)
SAME_AS_THE_CLI = {
    "/api/members/M1/explain?month=2026-10": ("explain", "member", "M1", "--month", "2026-10"),
    "/api/members/M1/score?month=2026-10": ("score", "member", "M1", "--month", "2026-10"),
    "/api/ranking?branch=B1&month=2026-10": ("ranking", "--branch", "B1", "--month", "2026-10"),
    "/api/branches/B1/score?month=2026-10": ("score", "branch", "B1", "--month", "2026-10"),
    "/api/branches/B1/explain?month=2026-10": ("explain", "branch", "B1", "--month", "2026-10"),
    "/api/members/M1": ("ledger", "member", "M1"),
    "/api/members?branch=B1": ("member", "list", "--branch", "B1"),
    "/api/units/G1": ("unit", "list", "--under", "G1"),
    "/api/history/M1": ("history", "M1"),
    "/api/months": ("months",),
    "/api/rulebooks/current": ("rules", "show"),
}



def test_reads_answer_the_same_json_as_the_cli(served):
    cli = Cli(served.db_url)
    with served.client("auditor") as client:
        for path, question in SAME_AS_THE_CLI.items():
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.text)
            assert answer.json() == cli.json(*question), path
        stars = client.get("/api/stars?month=2026-10").json()
    with served.client("admin") as admin:
        users = admin.get("/api/users").json()
    # The users list keeps those the admin reaches: not outsider, whose scope is M9 under C2.
    assert users == [row for row in cli.json("user", "list") if row["name"] != "outsider"]
    assert len(users) == 10
    # Lists keep the rows in the caller's scope: C1's branches, of the whole organisation's.
    everywhere = cli.json("stars", "--month", "2026-10")
    assert stars == [row for row in everywhere if row["branch_id"] in ("B1", "B2")]
    assert len(everywhere) == 3


def test_unanswerable_queries_are_422_never_500(served):
    with served.client("auditor") as client:
        assert client.get("/api/members/M1/score").status_code == 422
        assert client.get("/api/members/M1/score?month=2026-10&as_of=yesterday").status_code == 422
        assert client.get("/api/members/M1/score?month=2026-13").status_code == 422
        assert client.get("/api/stars?month=20-10").status_code == 422


def test_the_review_cycle_over_http(served):
    with served.client("secretary") as secretary, served.client("reviewer_gb") as preliminary, \
            served.client("reviewer") as committee, served.client("inspector") as inspector, \
            served.client("member") as member:
        scores = {"branch": "B1", "month": "2026-10", "organisation": "8", "leadership": "16", "support": "14"}
        assert secretary.post("/api/assessments", json={**scores, "step": "self"}).status_code == 201
        assert secretary.post("/api/assessments", json={**scores, "step": "final"}).status_code == 403
        assert preliminary.post("/api/assessments", json={**scores, "step": "preliminary"}).status_code == 201
        assert preliminary.post("/api/assessments", json={**scores, "step": "final"}).status_code == 403
        assert committee.post("/api/assessments", json={**scores, "step": "final"}).status_code == 201
        deduction = inspector.post("/api/branch-deductions", json={"branch": "B1", "month": "2026-10", "points": "2",
                                                                   "clause": "c", "reason": "r"})
        assert deduction.status_code == 201
        violation = inspector.post("/api/entries/violation", json={
            "member": "M1", "on": "2026-10-20", "reason": "r", "decision": "d", "issued_by": "i"}).json()
        appeal = member.post("/api/appeals", json={"entry_id": violation["entry_id"], "reason": "not me"})
        assert appeal.status_code == 201, appeal.text
        assert member.post("/api/appeals", json={"entry_id": "e-violation-m2", "reason": "x"}).status_code == 404
        decided = inspector.post(f"/api/appeals/{appeal.json()['appeal_id']}/decision",
                                 json={"decision": "revoke", "reason": "evidence was wrong"})
        assert decided.status_code == 200 and decided.json()["decision"] == "revoke"
        assert secretary.post("/api/months/2026-10/close", json={}).status_code == 403
        closed = committee.post("/api/months/2026-10/close", json={"notice_days": 5})
        assert closed.status_code == 200, closed.text
        assert [m["month"] for m in member.get("/api/months").json()] == ["2026-10"]
        objection = member.post("/api/objections", json={"month": "2026-10", "subject": "M1", "reason": "why"})
        assert objection.status_code == 201, objection.text
        assert member.post("/api/objections", json={"month": "2026-10", "subject": "M2",
                                                     "reason": "x"}).status_code == 404
        resolved = committee.post(f"/api/objections/{objection.json()['objection_id']}/resolve",
                                  json={"reason": "explained"})
        assert resolved.status_code == 200
        mine = member.get("/api/deductions").json()
        assert {row["member_id"] for row in mine} == {"M1"}


def test_rule_books_read_by_all_and_published_by_the_committee_reviewer(served):
    with served.client("member") as member, served.client("reviewer") as reviewer, \
            served.client("secretary") as secretary:
        book = member.get("/api/rulebooks/current").json()
        assert book["version"] == "default-2026"
        stricter = {**book, "version": "stricter-2027"}
        body = {"effective": "2026-11-01", "body": stricter}
        assert secretary.post("/api/rulebooks", json=body).status_code == 403
        before = served.events()
        assert reviewer.post("/api/rulebooks?dry_run=true", json=body).json()["dry_run"] is True
        assert served.events() == before
        assert reviewer.post("/api/rulebooks", json=body).json() == {"version": "stricter-2027",
                                                                     "effective_on": "2026-11-01"}


def test_an_admin_adds_users_over_http_within_their_own_scope(served):
    with served.client("admin") as admin, served.client("admin_b2") as branch_admin:
        added = admin.post("/api/users", json={"name": "li", "role": "secretary", "scope": "B2"})
        assert added.status_code == 201
        assert branch_admin.post("/api/users", json={"name": "zhou", "role": "member",
                                                     "scope": "B1"}).json() == {
            "detail": "no unit, branch or member with id 'B1'"}
        assert branch_admin.post("/api/users", json={"name": "zhou", "role": "member",
                                                     "scope": "NOPE"}).json() == {
            "detail": "no unit, branch or member with id 'NOPE'"}
        assert admin.post("/api/users", json={"name": "li", "role": "member", "scope": "M1"}).status_code == 409
        assert [u["name"] for u in branch_admin.get("/api/users").json()] == ["admin_b2", "li"]
    with served.client() as client:
        me = client.get("/api/me", headers={"Authorization": f"Bearer {added.json()['token']}"}).json()
    assert me == {"name": "li", "role": "secretary", "scope": "B2", "csrf_token": None}


def test_a_month_export_downloads_and_verifies_for_a_scope_over_the_whole_organisation(org_url, tmp_path):
    with open_ledger(org_url, today=lambda: TODAY) as ledger:
        token = ledger.add_user("audit", "auditor", "C1", "root")["token"]
        partial = ledger.add_user("audit_g1", "auditor", "B1", "root")["token"]
    with Served(org_url, {"audit": token, "audit_g1": partial}) as server:
        with server.client("audit") as client:
            answer = client.get("/api/exports/2026-10.csv")
        with server.client("audit_g1") as client:
            refused = client.get("/api/exports/2026-10.csv")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="2026-10.csv"'
    (tmp_path / "2026-10.csv").write_bytes(answer.content)
    checked = Cli(org_url).json("verify-export", str(tmp_path / "2026-10.csv"))
    assert checked["differences"] == [], checked
    assert refused.status_code == 403


def test_the_path_gives_its_ids_and_the_body_cannot_name_them_again(served):
    before = served.events()
    with served.client("inspector") as inspector, served.client("admin") as admin:
        again = inspector.post("/api/appeals/a-m1/decision", json={"appeal_id": "a-m9", "decision": "maintain",
                                                                   "reason": "r"})
        unsaid = admin.post("/api/branches/B1/secretary", json={"member": "M5", "since": "2026-01-01"})
    assert (again.status_code, again.json()["field"]) == (422, "appeal_id")
    assert unsaid.json() == {"detail": "say whether the secretary is full time or part time (full_time true or false)"}
    assert unsaid.status_code == 422
    with served.client("reviewer") as reviewer:
        refused = reviewer.post("/api/months/2026-13/close", json={})
    assert (refused.status_code, refused.json()["field"]) == (422, "month")
    assert served.events() == before


def test_a_nul_character_is_422_anywhere_and_never_reaches_the_database(served):
    """PostgreSQL stores no NUL in text: one in an id once stopped the read model for good."""
    before = served.events()
    with served.client("secretary") as secretary, served.client("admin") as admin:
        answers = [
            secretary.post("/api/entries/study", json={"member": "M1", "on": "2026-11-02", "topic": "a\x00b"}),
            secretary.post("/api/entries/study", json={**STUDY, "entry_id": "e-\x00"}),
            admin.post("/api/units", json={"unit": "U\x00", "name": "n", "kind": "general_branch", "parent": "C1"}),
            admin.post("/api/users", json={"name": "x\x00", "role": "member", "scope": "M1"}),
            secretary.get("/api/history/M%001"),
            secretary.get("/api/ranking?month=2026-10&branch=B%001"),
        ]
        assert [answer.status_code for answer in answers] == [422] * 6
        assert answers[0].json() == {"detail": "topic: must not contain the NUL character", "field": "topic"}
        assert secretary.get("/api/members/M1").status_code == 200  # the read model goes on
    assert served.events() == before
