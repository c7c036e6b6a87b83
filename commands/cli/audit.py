"""Commands for auditors: verify the stored events, show an id's history, rebuild and compare."""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import click

from commands.cli.common import ask, command, plain, print_json, print_table, read_options
from ledger.terms import ID_KINDS as KINDS


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A transient bar on stderr when it is a terminal; nothing in pipes and files."""
    from rich.console import Console
    from rich.progress import Progress
    if not sys.stderr.isatty():
        yield None
        return
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _chain_hash(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise click.BadParameter("a chain hash is 64 hexadecimal characters, as `starledger verify` prints it")
    return value


@click.command("verify")
@read_options
@click.option("--anchor", callback=_chain_hash, default=None, metavar="HASH",
              help="A chain hash noted from an earlier verify: it must still be in the chain.")
@command
def verify_command(ledger: Any, as_json: bool, anchor: str | None) -> None:
    """Check that no stored event was changed, removed, reordered or added behind the
    application's back. Exit 1 if anything is wrong. Note the head hash it prints: giving it
    back with --anchor later also proves that no events were cut off the end.

    Example: starledger verify --anchor 3f1a...c09e
    """
    from commands.service.queries.audit_queries import Verify
    from commands.service.models.model_base import build
    with progress_bar("verifying") as progress:
        report = plain(ledger.ask(build(Verify, {"anchor": anchor}), progress=progress))
    if as_json:
        print_json(report)
    elif report["ok"]:
        head = report["head"]
        click.echo(f"OK: {_count(report['events'], 'event')} verified"
                   + (f"; chain head is event {head['event']}, hash {head['hash']}" if head else ""))
    else:
        print_table(f"BROKEN: {_count(len(report['problems']), 'problem')} in {_count(report['events'], 'event')}",
                    ["event", "about", "what", "details"],
                    [[p["event"] or "", p["about"] or "", p["kind"], p["message"]] for p in report["problems"]])
    if not report["ok"]:
        sys.exit(1)


def _detail(line: dict) -> str:
    if line.get("unreadable"):
        return "UNREADABLE: the stored bytes do not decode; run starledger verify"
    return ", ".join(f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in line["detail"].items())


@click.command("history")
@read_options
@click.argument("key", metavar="ID")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Say what ID names when it names more than one thing.")
@command
def history_command(ledger: Any, as_json: bool, key: str, kind: str | None) -> None:
    """Every stored event of a member, branch, unit or rule book, in order; for an entry, the
    event that recorded it and the one that reversed it, if any.

    Example: starledger history M001
    """
    from commands.service.queries.audit_queries import History
    data = plain(ask(ledger, History, key=key, kind=kind))
    if as_json:
        print_json(data)
        return
    if data["kind"] == "entry":
        owner = f" on {data['on']['kind']} {data['on']['id']}" if data["on"] else ""
        title = f"entry {key} ({data['entry_kind']}){owner}" + ("" if data["reversal"] else ", not reversed")
    else:
        title = f"{data['kind'].replace('rulebook', 'rule book')} {key}: {_count(len(data['events']), 'event')}"
    print_table(title, ["#", "event", "occurred", "recorded (UTC)", "by", "detail"],
                [[line["position"], line["event"], line["occurred_on"], (line["recorded_at"] or "")[:19],
                  line["actor"], _detail(line)] for line in data["events"]])


@click.command("rebuild")
@read_options
@command
def rebuild_command(ledger: Any, as_json: bool) -> None:
    """Rebuild every projection from the raw events alone, and compare the rebuilt rows with
    the previous ones table by table. The rebuilt rows stay either way. Exit 0 when they are
    identical, 1 when they differ.

    Example: starledger rebuild
    """
    from commands.service.queries.audit_queries import Rebuild
    with progress_bar("rebuilding") as progress:
        result = plain(ledger.ask(Rebuild(), progress=progress))
    if as_json:
        print_json(result)
    elif result["identical"]:
        click.echo(f"rebuilt from {_count(result['events'], 'event')}: identical to the previous rows")
    else:
        _print_differences(result)
    if not result["identical"]:
        sys.exit(1)  # an auditor's script must tell a rebuild that changed rows from one that did not


def _print_differences(result: dict) -> None:
    differing = {name: table for name, table in result["tables"].items() if not table["identical"]}
    click.echo(f"rebuilt from {_count(result['events'], 'event')}: {_count(len(differing), 'table')} differed "
               f"from the previous rows; the rebuilt rows are now in place")
    print_table("tables that differed", ["table", "rows before", "rows after", "some differing keys"],
                [[name, table["rows_before"], table["rows_after"],
                  "; ".join(f"{'/'.join(map(str, d['key']))} ({d['change']})" for d in table["differing"])]
                 for name, table in differing.items()])
    if "note" in result:
        click.echo(result["note"])


def register(cli: click.Group) -> None:
    for item in (verify_command, history_command, rebuild_command):
        cli.add_command(item)
