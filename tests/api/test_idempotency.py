"""`Idempotency-Key`: a retried write answers as the first time and writes nothing new."""

from __future__ import annotations

from tests.api.conftest import PASSWORD

STUDY = {"member": "M1", "on": "2026-11-02", "topic": "党章学习"}


def test_a_retry_with_the_same_key_returns_the_first_answer_and_writes_nothing(served):
    with served.client("secretary") as client:
        first = client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k1"})
        count = served.events()
        retry = client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k1"})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert served.events() == count


def test_the_same_key_with_another_body_is_409(served):
    with served.client("secretary") as client:
        client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k2"})
        count = served.events()
        other = client.post("/api/entries/study", json={**STUDY, "topic": "其他"}, headers={"Idempotency-Key": "k2"})
    assert other.status_code == 409
    assert other.json() == {"detail": "Idempotency-Key 'k2' was already used for another request"}
    assert served.events() == count


def test_keys_are_kept_per_user(served):
    with served.client("secretary") as secretary, served.client("admin") as admin:
        secretary.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "shared"})
        made = admin.post("/api/units", json={"unit": "G7", "name": "n", "kind": "general_branch",
                                              "parent": "C1"}, headers={"Idempotency-Key": "shared"})
    assert made.status_code == 201 and made.json() == {"unit_id": "G7"}


def test_a_refusal_is_kept_too_and_answered_again(served):
    with served.client("secretary") as client:
        first = client.post("/api/entries/study", json={**STUDY, "member": "NOPE"},
                            headers={"Idempotency-Key": "k3"})
        again = client.post("/api/entries/study", json={**STUDY, "member": "NOPE"},
                            headers={"Idempotency-Key": "k3"})
    assert first.status_code == again.status_code == 404
    assert first.json() == again.json() == {"detail": "no member with id 'NOPE'"}


def test_a_key_whose_first_request_failed_the_csrf_check_runs_the_write_once_fixed(served):
    before = served.events()
    with served.client() as client:
        assert client.post("/api/login", json={"name": "secretary", "password": PASSWORD}).status_code == 200
        refused = client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k4"})
        csrf = client.get("/api/me").json()["csrf_token"]
        fixed = client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k4", "X-CSRF-Token": csrf})
        again = client.post("/api/entries/study", json=STUDY, headers={"Idempotency-Key": "k4", "X-CSRF-Token": csrf})
    assert refused.status_code == 403 and "idempotent-replayed" not in refused.headers
    assert (fixed.status_code, again.status_code) == (201, 201)
    assert "idempotent-replayed" not in fixed.headers and again.headers["idempotent-replayed"] == "true"
    assert again.json() == fixed.json()
    assert served.events() == before + 1


def test_a_key_whose_first_request_was_out_of_scope_is_refused_again_and_writes_nothing(served):
    before = served.events()
    with served.client("secretary") as client:
        first = client.post("/api/entries/study", json={**STUDY, "member": "M6"}, headers={"Idempotency-Key": "k5"})
        again = client.post("/api/entries/study", json={**STUDY, "member": "M6"}, headers={"Idempotency-Key": "k5"})
    assert (first.status_code, again.status_code) == (404, 404)  # out of scope answers as unknown
    assert again.json() == first.json() == {"detail": "no member with id 'M6'"}
    assert served.events() == before
