"""`Idempotency-Key`: a retried write answers as the first time and writes nothing new."""

from __future__ import annotations

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
