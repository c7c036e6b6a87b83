"""The README documents every command and every option: a new command must be added to it."""

from __future__ import annotations

import re
from pathlib import Path

import click

from commands.cli.main import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        path = prefix + (name,)
        if isinstance(command, click.Group):
            found.update(command_paths(command, path))
        else:
            found[" ".join(path)] = command
    return found


def section(path: str) -> str:
    """The README text under the heading of `starledger <path>`, up to the next heading."""
    match = re.search(rf"^#+ `starledger {re.escape(path)}`\n(.*?)(?=^#)", README + "\n#", re.S | re.M)
    assert match, f"README.md has no heading for `starledger {path}`"
    return match.group(1)


def test_the_tree_has_the_commands_we_know():
    paths = command_paths(cli)
    assert {"record dues", "rules publish", "explain member", "demo", "reverse"} <= set(paths)


def test_every_command_path_has_a_readme_section_with_an_example():
    for path in command_paths(cli):
        assert f"starledger {path}" in README
        text = section(path)
        assert f"starledger {path}" in text.split("```bash", 1)[1], f"no example for `starledger {path}`"


def test_every_option_is_named_in_its_command_section():
    for path, command in command_paths(cli).items():
        text = section(path)
        for param in command.params:
            for name in param.opts if isinstance(param, click.Option) else ():
                if name.startswith("--"):
                    assert name in text, f"README section of `starledger {path}` does not mention {name}"
