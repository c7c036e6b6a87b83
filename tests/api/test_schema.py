"""The HTTP contract is the application's: every write's body is a command model (less the ids
its path gives), no body carries an actor, and a 409 comes from the error's type, never its words."""

from __future__ import annotations

import pytest

from commands.http.app import create_app
from commands.http.errors import status_of
from commands.service.models.model_base import COMMANDS, QUERIES
from ledger.errors import Conflict, Duplicate, Refused


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    return create_app(f"sqlite:///{tmp_path_factory.mktemp('schema')}/ledger.db").openapi()


def _body_of(operation: dict) -> str | None:
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    return ref.get("$ref", "").rsplit("/", 1)[-1] or None


def test_every_write_body_is_a_command_model_less_the_ids_in_its_path(schema):
    commands = {model.__name__: model for model in COMMANDS.values()}
    queries = {model.__name__ for model in QUERIES.values()}
    bodies = {}
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if post is None or path in ("/api/login", "/api/logout", "/api/verify"):
            continue
        name = _body_of(post)
        if name is None:  # the path gives every field: sealing a month, revoking one token
            assert path in ("/api/months/{month}/seal", "/api/users/{name}/tokens/{token_id}/revoke")
            continue
        if name in queries:  # a read asked with a body: what-if
            assert path == "/api/whatif"
            continue
        assert name in commands, (path, name)
        given = set(schema["components"]["schemas"][name]["properties"])
        in_path = {part[1:-1] for part in path.split("/") if part.startswith("{")}
        expected = set(commands[name].model_fields) - in_path
        if path == "/api/reversals":  # the contract's spelling: the entry reversed is `entry_id`
            expected = expected - {"target"}
        assert given == expected, path
        bodies[path] = name
    assert bodies["/api/appeals/{appeal_id}/decision"] == "DecideAppeal"
    assert bodies["/api/months/{month}/close"] == "CloseMonth"
    assert bodies["/api/branches/{branch}/secretary"] == "AppointSecretary"
    assert bodies["/api/users/{name}/revoke"] == "RevokeUser"
    assert bodies["/api/users/{name}/password"] == "SetPassword"
    assert len(bodies) == 29  # every write but sealing and revoking a token (whose paths say it all)


def test_no_body_names_the_actor(schema):
    for name, model in schema["components"]["schemas"].items():
        assert "actor" not in model.get("properties", {}), name


def test_a_conflict_is_told_by_its_type_not_its_wording():
    assert status_of(Duplicate("entry id e-1 is used twice")) == 409
    assert status_of(Conflict("another writer changed member M1")) == 409
    assert status_of(Refused("the member is already gone, so nothing to do")) == 422
