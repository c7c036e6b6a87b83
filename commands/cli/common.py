"""What every command shares: options, value parsing, error handling and output."""

from __future__ import annotations

import functools
import json
import sys
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from ledger.dates import parse_date, parse_month
from ledger.errors import LedgerError

if TYPE_CHECKING:
    from commands.service.ledger import StarLedger

# The application, its store, the models, the read models and rich are imported only when a
# command runs (never at registration), so `starledger --help` costs little more than click.


@functools.lru_cache(maxsize=1)
def _console() -> Any:
    from rich.console import Console
    # Wide enough off a terminal that piped tables are not cut.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


# --- options ----------------------------------------------------------------------------------

def db_option(fn: Callable) -> Callable:
    return click.option("--db", "db", default=None, metavar="URL",
                        help="Database URL (default: $STARLEDGER_DB, else sqlite:///starledger.db).")(fn)


def json_option(fn: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(fn)


def by_option(fn: Callable) -> Callable:
    return click.option("--by", "actor", default=None, metavar="ACTOR",
                        help="Who records this (default: $STARLEDGER_ACTOR, else your user name).")(fn)


def dry_run_option(fn: Callable) -> Callable:
    return click.option("--dry-run", "dry_run", is_flag=True,
                        help="Show which scores and stars would change, and write nothing.")(fn)


def write_options(fn: Callable) -> Callable:
    return db_option(json_option(by_option(dry_run_option(fn))))


def read_options(fn: Callable) -> Callable:
    return db_option(json_option(fn))


# --- value parsing: a malformed value is a malformed command line (exit 2) ---------------------

def _parser(parse: Callable[[str], Any]) -> Callable:
    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except LedgerError as error:
            raise click.BadParameter(str(error)) from None
    return convert


def _decimal(text: str) -> str:
    """A number as typed: the command's model then checks its form and size in its own words."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise LedgerError(f"'{text}' is not a number") from None
    if not value.is_finite():
        raise LedgerError(f"'{text}' is not a number")
    return text.strip()


def _id_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


as_date = _parser(parse_date)
as_month = _parser(parse_month)
as_decimal = _parser(_decimal)
as_ids = _parser(_id_list)


# --- running a command ------------------------------------------------------------------------

def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@contextmanager
def plain_errors() -> Iterator[None]:
    """Known errors become one plain line on stderr and exit 1: never a traceback."""
    from commands.service.models.model_base import InvalidInput
    try:
        yield
    except InvalidInput as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except LedgerError as error:
        fail(str(error))
    except Exception as error:
        from eventsourcing.persistence import PersistenceError
        from sqlalchemy.exc import SQLAlchemyError
        if not isinstance(error, (SQLAlchemyError, PersistenceError)):
            raise
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        fail(f"the database could not be used: {first}")


class _DryRun(Exception):
    def __init__(self, impact: dict):
        super().__init__("dry run")
        self.impact = impact


class _Previewing:
    """Stands in for the ledger under --dry-run: every command it executes becomes a preview.
    Previews come by construction (`execute(..., dry_run=True)`), never from a list of writes."""

    def __init__(self, ledger: StarLedger):
        self._ledger = ledger

    def execute(self, command: Any, actor: str) -> dict:
        raise _DryRun(self._ledger.execute(command, actor, dry_run=True))

    def execute_all(self, commands: Any, actor: str, **options: Any) -> Any:
        options.pop("dry_run", None)
        raise _DryRun(self._ledger.execute_all(commands, actor, dry_run=True, **options))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)


def run(ledger: Any, model: type, actor: str, **fields: Any) -> dict:
    """Build a command from the options (refused with one line if a value does not fit) and
    execute it: the only way a CLI command writes."""
    from commands.service.models.model_base import build
    return ledger.execute(build(model, {name: value for name, value in fields.items() if value is not None}), actor)


def ask(ledger: Any, model: type, **fields: Any) -> Any:
    """Build a query from the options and answer it; its result as plain JSON-ready data."""
    from commands.service.models.model_base import build
    return ledger.ask(build(model, {name: value for name, value in fields.items() if value is not None}))


def plain(result: Any) -> Any:
    """A result model as the JSON it prints (the HTTP body is the same)."""
    from commands.service.models.model_base import plain as json_ready  # pydantic only when a command runs
    return json_ready(result)


def print_impact(impact: dict, as_json: bool) -> None:
    if as_json:
        print_json(impact)
        return
    changes = impact["changes"]
    click.echo(f"dry run: nothing was written; {len(changes)} figure(s) would change")
    if changes:
        rows = [[c["figure"], c["subject_id"], c["month"] or "", c["old"], c["new"], c["delta"],
                 f"{c.get('stars_before', '')} -> {c.get('stars_after', '')}" if "stars_before" in c else ""]
                for c in changes]
        print_table(None, ["figure", "subject", "month", "old", "new", "delta", "stars"], rows)


def command(fn: Callable) -> Callable:
    """Open the existing ledger, run, close; known errors become one plain line and exit 1."""
    return _run_on_ledger(fn, _open_existing)


def creating_command(fn: Callable) -> Callable:
    """As `command`, but creates the ledger when there is none (only `init` does)."""
    return _run_on_ledger(fn, _open_or_create)


def read_command(fn: Callable) -> Callable:
    """As `command` for a command that only asks queries: it opens the read model alone when
    that is current, and the whole application only when a query needs it (a third of the
    start-up of a one-off read)."""
    return _run_on_ledger(fn, _open_reader)


def _open_existing(db: str | None) -> Any:
    from commands.service.ledger import open_ledger
    return open_ledger(db, create=False)


def _open_or_create(db: str | None) -> Any:
    from commands.service.ledger import open_ledger
    return open_ledger(db, create=True)


def _open_reader(db: str | None) -> Any:
    from commands.service.reader import open_reader
    return open_reader(db)


def _run_on_ledger(fn: Callable, open_ledger: Callable[[str | None], Any]) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, db: str | None = None, dry_run: bool = False, **kwargs: Any) -> None:
        from commands.service.runtime.config import default_actor
        ledger: Any = None
        try:
            with plain_errors():
                ledger = open_ledger(db)
                if "actor" in kwargs:
                    from commands.service.ledger import checked_actor
                    kwargs["actor"] = checked_actor(default_actor(kwargs["actor"]))
                fn(_Previewing(ledger) if dry_run else ledger, *args, **kwargs)
        except _DryRun as outcome:
            print_impact(outcome.impact, kwargs.get("as_json", False))
        finally:
            if ledger is not None:
                ledger.close()
    return wrapper


# --- output -----------------------------------------------------------------------------------

def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fig(value: Any) -> str:
    """A figure as tables show it: two decimals (79.50, not 79.5); anything else as it is."""
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def print_table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[fig(cell) for cell in row])
    _console().print(table)


def done(result: dict, as_json: bool, message: str) -> None:
    if as_json:
        print_json(result)
    else:
        click.echo(message)
