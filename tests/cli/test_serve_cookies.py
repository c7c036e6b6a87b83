"""The session cookie is Secure unless `serve --insecure-cookies` says otherwise; `demo --serve`
(plain HTTP on 127.0.0.1) says so itself. uvicorn is replaced here: what is checked is what
each command hands the app factory."""

from __future__ import annotations

import uvicorn
from click.testing import CliRunner

from commands.cli import demo
from commands.cli.main import cli
from commands.http import workers
from commands.http.serve import app_from_environment


def served_with(monkeypatch, *args: str) -> bool:
    """Whether the app `starledger serve ARGS` would run marks its cookie Secure."""
    seen = {}
    monkeypatch.setattr(workers, "run", lambda *_: seen.update(secure=app_from_environment().state.secure_cookies))
    result = CliRunner().invoke(cli, ["serve", "--db", "sqlite:///unused.db", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen["secure"]


def test_serve_marks_the_cookie_secure_by_default_and_not_with_insecure_cookies(monkeypatch):
    monkeypatch.delenv("STARLEDGER_INSECURE_COOKIES", raising=False)  # both put back afterwards:
    monkeypatch.setenv("STARLEDGER_DB", "sqlite:///unused.db")  # the commands set them
    assert served_with(monkeypatch) is True
    assert served_with(monkeypatch, "--insecure-cookies") is False


def test_demo_serve_serves_insecure_cookies_and_says_so(monkeypatch, capsys):
    monkeypatch.delenv("STARLEDGER_INSECURE_COOKIES", raising=False)  # both put back afterwards:
    monkeypatch.setenv("STARLEDGER_DB", "sqlite:///unused.db")  # the commands set them
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: seen.update(secure=app_from_environment().state.secure_cookies))
    demo._serve([], "sqlite:///unused.db", 8123, as_json=True)
    assert seen == {"secure": False}
    assert "not marked Secure (--insecure-cookies)" in capsys.readouterr().err
