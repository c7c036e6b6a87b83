"""User events live in the same log as everything else: after adding, changing, revoking users,
the hash chain verifies and a rebuild from zero gives rows identical to the incremental ones."""

from __future__ import annotations

from commands.service.queries.audit_queries import Rebuild, Verify


def test_user_events_verify_and_rebuild_identically(org):
    org.add_user("wangfang", "secretary", "B1", "admin")
    org.set_password("wangfang", "correct horse battery", "admin")
    org.issue_token("wangfang", "admin")
    org.change_role("wangfang", "inspector", "G1", "admin")
    org.add_user("liming", "auditor", "C1", "admin")
    org.revoke_user("liming", "admin", "left the office")
    assert [(u["name"], u["role"]) for u in sorted(org.list_users(), key=lambda u: u["name"])] == [
        ("liming", "auditor"), ("wangfang", "inspector")]
    assert org.ask(Verify()).model_dump()["ok"] is True
    assert org.ask(Rebuild()).model_dump()["identical"] is True
