"""Security headers on every API answer, and the API docs: off by default, and when turned on
served to logged-in users only, from files of this service."""

from __future__ import annotations

import re
import subprocess
import time

import httpx
import pytest

from commands.http.headers import CONTENT_SECURITY_POLICY
from commands.service.ledger import open_ledger
from tests.api.conftest import Served, free_port
from tests.api.test_serve_workers import STARLEDGER, answers

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _security(response) -> dict[str, str]:
    names = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
             "cache-control")
    return {name: response.headers.get(name) for name in names}


PERSONAL = {"content-security-policy": POLICY, "x-frame-options": "DENY", "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin", "cache-control": "no-store"}


def test_every_api_answer_has_the_security_headers_and_is_never_stored(served):
    assert CONTENT_SECURITY_POLICY == POLICY
    with served.client("secretary") as client, served.client() as stranger:
        answers = [client.get("/api/me"), client.get("/api/members/M1/score?month=2026-10"), client.get("/api/nope"),
                   client.post("/api/entries/study", json={"member": "M1"}), stranger.get("/api/me"),
                   client.post("/api/entries/study", headers={"Idempotency-Key": "k1"},
                               json={"member": "M1", "on": "2026-11-02", "topic": "党章学习"}),
                   client.post("/api/entries/study", headers={"Idempotency-Key": "k1"},
                               json={"member": "M1", "on": "2026-11-02", "topic": "党章学习"})]
    assert [answer.status_code for answer in answers] == [200, 200, 404, 422, 401, 201, 201]
    assert answers[-1].headers["idempotent-replayed"] == "true"
    for answer in answers:
        assert _security(answer) == PERSONAL, answer.request.url


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect", "/docs/assets/swagger-ui.css"])
def test_the_api_docs_are_off_by_default(served, path):
    with served.client("admin") as client:
        assert client.get(path).status_code == 404


def test_turned_on_the_docs_are_for_logged_in_users_and_load_only_local_files(api_db):
    url, tokens = api_db
    with Served(url, tokens, api_docs=True) as server:
        with server.client() as stranger:
            refused = [stranger.get("/docs"), stranger.get("/docs/start.js")]
        with server.client("member") as member:
            page, start = member.get("/docs"), member.get("/docs/start.js")
            sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assets = [member.get(source) for source in sources]
            redoc = member.get("/redoc")
        every_role = {}
        for name in tokens:
            with server.client(name) as client:
                every_role[name] = client.get("/docs").status_code
    assert [answer.status_code for answer in refused] == [401, 401]
    assert (page.status_code, start.status_code, redoc.status_code) == (200, 200, 404)
    assert every_role == {name: 200 for name in tokens}  # any logged-in user, whatever the role
    assert _security(page) == PERSONAL
    assert sources == ["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js", "/docs/start.js"]
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline: the CSP holds
    assert [answer.status_code for answer in assets] == [200, 200, 200]
    assert assets[1].headers.get("cache-control") is None  # a library file may be cached
    assert assets[1].headers["content-security-policy"] == POLICY
    assert '"/openapi.json"' in start.text


@pytest.mark.sqlite_only  # how `serve` passes its flag to the worker processes, not a database
@pytest.mark.parametrize("flags, docs", [([], 404), (["--api-docs"], 401)])
def test_serve_turns_the_docs_on_only_when_asked(tmp_path, flags, docs):
    url = f"sqlite:///{tmp_path}/ledger.db"
    with open_ledger(url) as ledger:
        ledger.init("admin")
    port = free_port()
    server = subprocess.Popen([STARLEDGER, "serve", "--db", url, "--port", str(port), *flags],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not answers(port):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        found = httpx.get(f"http://127.0.0.1:{port}/docs")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert found.status_code == docs
    assert found.headers["x-frame-options"] == "DENY"
