"""The pages stand on the application layer: from the HTTP entrance they take only the login and
session plumbing, never a route handler or a check of its own (those live in commands/service)."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "commands" / "web"
ALLOWED = {"commands.http.auth": {"current_user", "check_csrf", "SESSION_COOKIE", "check_login_origin", "client_address",
                                  "set_session_cookie"},
           "commands.http.app": {"create_app"}, "commands.http.serve": {"app_from_environment"}}


def test_pages_import_only_the_session_plumbing_from_the_http_entrance():
    borrowed = []
    for path in sorted(WEB.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("commands.http"):
                names = {alias.name for alias in node.names}
                if not names <= ALLOWED.get(node.module or "", set()):
                    borrowed.append(f"{path.name}: from {node.module} import {', '.join(sorted(names))}")
            elif isinstance(node, ast.Import) and any(a.name.startswith("commands.http") for a in node.names):
                borrowed.append(f"{path.name}: import {', '.join(a.name for a in node.names)}")
    assert borrowed == []
