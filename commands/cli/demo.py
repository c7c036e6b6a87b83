"""`starledger demo`: a year of a realistic organisation in a fresh database, and a short report."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext

import click

from commands.cli.branch import print_branch_explanation
from commands.cli.common import fig, json_option, plain_errors, print_json, print_table
from commands.cli.read import print_explanation
from commands.demo import DEMO_DB
from commands.service.vocabulary.catalogue import id_and_label


@click.command("demo")
@click.option("--db", "db", default=None, metavar="URL",
              help=f"Where to build it (default: {DEMO_DB}; $STARLEDGER_DB is not used). "
                   "An earlier demo's SQLite file is replaced; any other database must be empty.")
@json_option
@click.option("--serve", is_flag=True,
              help="Then add one user per role with printed passwords and serve the pages and the API.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="With --serve: the port on 127.0.0.1.")
def demo(db, as_json, serve, port):
    """Build a demo organisation with a year of entries, then show its best and worst members
    and its branches' stars.

    One committee, two general branches, nine branches over the five categories, 160 members
    and twelve months of meetings, dues, study, ratings, duties, commendations, awards,
    violations, reversals and transfers, recorded through the same commands a secretary uses.

    Example: starledger demo
    """
    from commands.service.runtime.config import database_url
    from commands.service.ledger import open_ledger
    from commands.demo import build as generator
    from commands.demo.users import add_demo_users
    ledger = None
    try:
        with plain_errors():
            url = database_url(db or generator.DEMO_DB)
            replaced = generator.clear_sqlite_file(url)
            if replaced is not None:
                click.echo(f"replacing the existing demo database {replaced}", err=True)
            ledger = open_ledger(url)
            generator.require_empty(ledger)
            with _progress(enabled=sys.stderr.isatty() and not as_json) as update:
                plan, reviews = generator.build(ledger, update)
            data = {"database": generator.shown_url(url), **generator.report(ledger, plan, reviews)}
            if serve:
                data["users"] = add_demo_users(ledger, data["branch"]["explained"]["branch_id"],
                                               data["top"][0]["member_id"])
    finally:
        if ledger is not None:
            ledger.close()
    if as_json:
        print_json(data)
    else:
        _print_report(data)
    if serve:
        _serve(data["users"], url, port, as_json)


def _serve(users: list[dict], url: str, port: int, as_json: bool) -> None:
    """The pages and the API over the demo database, on 127.0.0.1 until interrupted."""
    import uvicorn

    if not as_json:
        print_table("users (log in at /login)", ["user", "role", "scope", "password"],
                    [[u["name"], u["role"], u["scope"], u["password"]] for u in users])
    click.echo(f"serving on http://127.0.0.1:{port}/login (Ctrl-C stops)", err=True)
    click.echo("the session cookie is not marked Secure (--insecure-cookies): plain HTTP on this machine only",
               err=True)
    os.environ["STARLEDGER_DB"] = url
    os.environ["STARLEDGER_INSECURE_COOKIES"] = "1"
    uvicorn.run("commands.web.site:site_from_environment", factory=True, host="127.0.0.1", port=port,
                log_level="warning")


def _progress(enabled: bool):
    if not enabled:
        return nullcontext(None)
    return _Bar()


class _Bar:
    """A transient bar per phase on stderr: recording the entries, then projecting them."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import Progress
        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.progress.__enter__()
        self.tasks: dict[str, int] = {}
        return self.update

    def update(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)


def _print_report(data: dict) -> None:
    click.echo(f"built {data['members']} members in {data['branches']} branches, {data['events']} events "
               f"from {data['period']['from']} to {data['period']['to']} in {data['database']}")
    columns = ["rank", "member", "name", "branch", "total", "obligations", "role", "excellence", "deductions"]
    for title, rows in (("top", data["top"]), ("bottom", data["bottom"])):
        print_table(f"{title} members, {data['month']}", columns, [
            [r["rank"], r["member_id"], r["name"], r["branch_id"], r["total"], *r["parts"].values()]
            for r in rows])
    explained = data["explained"]
    click.echo(f"why {explained['member_id']} has {fig(explained['total'])} in {data['month']}:")
    print_explanation(explained)
    _print_branches(data["branch"], data["month"])
    click.echo(f"next: starledger explain member {data['top'][0]['member_id']} --month {data['month']} "
               f"--db {data['database']}")


def _print_branches(branch: dict, month: str) -> None:
    """The year's stars per branch, one downgrade, the alerts and the lowest branch explained."""
    annual = {row["branch_id"]: row for row in branch["annual"]}
    year = month[:4]
    print_table(f"branch stars: {year} (mean of the complete months) and {month}",
                ["category", "branch", f"{year} mean", f"{year} stars", f"{month} total", f"{month} stars", "rank"],
                [[id_and_label("category", r["category"]), r["branch_id"], annual[r["branch_id"]]["mean"],
                  "★" * annual[r["branch_id"]]["stars"], r["total"], "★" * r["stars"], r["rank"]]
                 for r in branch["stars"]])
    down = branch["downgrade"]
    if down:
        click.echo(f"downgrade: {down['branch_id']} in {down['month']} scored {down['from_score']}★ and "
                   f"got {down['after']}★ after {down['violations']} member violation(s)")
    alerts = branch["alerts"]
    if alerts:
        print_table(f"alerts, {alerts[0]['month']}", ["kind", "subject", "detail"],
                    [[id_and_label("alert_kind", a["kind"]), a["subject_id"], a["detail"]] for a in alerts])
    explained = branch["explained"]
    click.echo(f"why branch {explained['branch_id']} has {fig(explained['total'])} in {month}:")
    print_branch_explanation(explained)


def register(cli: click.Group) -> None:
    cli.add_command(demo)
