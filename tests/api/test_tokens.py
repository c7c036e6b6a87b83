"""API tokens through a real uvicorn: they expire (the app's clock, no sleeping), are listed
without their secret, and are revoked one by one."""

from __future__ import annotations

from datetime import timedelta

from tests.api.conftest import Served
from tests.conftest import TODAY


def test_a_token_works_until_the_day_it_expires(api_db):
    url, tokens = api_db
    today = [TODAY]  # the fixture's tokens were issued on TODAY with the default 90 days
    with Served(url, tokens, today=lambda: today[0]) as server, server.client("auditor") as script:
        today[0] = TODAY + timedelta(days=89)
        assert script.get("/api/me").status_code == 200
        today[0] = TODAY + timedelta(days=90)
        expired = script.get("/api/me")
        assert (expired.status_code, expired.json()) == (
            401, {"detail": "the token has expired; ask an admin for a new one"})


def test_tokens_are_issued_with_days_listed_without_secrets_and_revoked_one_by_one(served):
    with served.client("admin") as admin:
        issued = admin.post("/api/users/secretary/tokens", json={"days": 30})
        assert issued.status_code == 201, issued.text
        second = issued.json()
        assert second["expires"] == str(TODAY + timedelta(days=30))
        listed = admin.get("/api/users/secretary/tokens")
        assert listed.status_code == 200
        rows = listed.json()
        assert sorted(row["expires"] for row in rows) == [str(TODAY + timedelta(days=30)),
                                                         str(TODAY + timedelta(days=90))]
        assert all(row["created"] == str(TODAY) and row["expired"] is False for row in rows)
        assert second["token"] not in listed.text and served.tokens["secretary"] not in listed.text
        first_id = next(row["token_id"] for row in rows if row["token_id"] != second["token_id"])

        before = served.events()
        revoked = admin.post(f"/api/users/secretary/tokens/{first_id}/revoke", json={})
        assert (revoked.status_code, revoked.json()) == (
            200, {"name": "secretary", "token_id": first_id, "revoked": True})
        assert served.events() == before + 1
        assert [row["token_id"] for row in admin.get("/api/users/secretary/tokens").json()] == [second["token_id"]]
        again = admin.post(f"/api/users/secretary/tokens/{first_id}/revoke", json={})
        assert (again.status_code, again.json()) == (404, {"detail": f"user secretary has no token '{first_id}'"})
        assert served.events() == before + 1
    with served.client("secretary") as old:
        assert old.get("/api/me").status_code == 401
    with served.client() as new:
        assert new.get("/api/me", headers={"Authorization": f"Bearer {second['token']}"}).status_code == 200
