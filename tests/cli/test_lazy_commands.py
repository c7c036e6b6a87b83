"""Start-up: a command imports only the command modules it needs, and a read on a current read
model opens neither the application nor its event store (docs/benchmarks-startup.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from commands.cli.main import COMMAND_MODULES, EVERY_MODULE, cli


def _modules_below(command: click.Command) -> set[str]:
    found = {command.callback.__module__.rsplit(".", 1)[-1]} if command.callback else set()
    for sub in getattr(command, "commands", {}).values():
        found |= _modules_below(sub)
    return found


def test_the_table_of_command_modules_is_what_registering_every_module_gives():
    every = cli.commands  # registers every module
    assert sorted(every) == sorted(COMMAND_MODULES)
    assert {name: _modules_below(command) for name, command in every.items()} == {
        name: set(modules) for name, modules in COMMAND_MODULES.items()}
    assert set(EVERY_MODULE) == {module for modules in COMMAND_MODULES.values() for module in modules}


PROBE = """
import json, sys
from commands.cli.main import main
sys.argv = ["starledger", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
print(json.dumps({"exit": code, "modules": sorted(m for m in sys.modules
                  if m.startswith(("commands.", "eventsourcing", "rich", "sqlalchemy", "pydantic")))}),
      file=sys.stderr)
"""


def _run(*args: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


def test_help_imports_the_command_modules_and_nothing_behind_them():
    probe, out = _run("--help")
    assert probe["exit"] == 0 and "score" in out
    assert "commands.cli.statements" in probe["modules"]
    assert not [m for m in probe["modules"] if m.startswith(("sqlalchemy", "pydantic", "eventsourcing", "rich"))]


def test_a_read_on_a_current_read_model_opens_neither_the_application_nor_other_commands(sqlite_org_template,
                                                                                         tmp_path):
    with sqlite_org_template.copy(tmp_path) as url:
        probe, out = _run("score", "member", "M1", "--month", "2026-03", "--json", "--db", url)
    assert probe["exit"] == 0
    assert json.loads(out)["member_id"] == "M1"
    loaded = set(probe["modules"])
    assert {"commands.cli.read", "commands.service.reader"} <= loaded
    assert not loaded & {"commands.service.ledger", "commands.service.handlers.base", "eventsourcing_sqlalchemy",
                         "commands.cli.statements", "commands.cli.demo", "commands.cli.serve", "rich"}
