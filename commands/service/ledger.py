"""The whole application: every command group on one eventsourcing Application, and the one
door every entrance uses: `execute` a command, `ask` a query.

The CLI, the JSON Lines import, the HTTP service and the web pages all build the same models
(commands/service/models/*_commands.py, commands/service/queries/*_queries.py) and hand them to
these two methods: a rule, a check or a preview lives here once, never in an entrance.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

# Imported for their side effect: they register their models.
from commands.service.models import entry_commands, org_commands, user_commands  # noqa: F401
from commands.service.queries import audit_queries, branch_queries, member_queries, org_queries  # noqa: F401
from commands.service.accounts.users import UserCommands
from commands.service.handlers.appeals import AppealCommands
from commands.service.handlers.batch_steps import BatchSteps
from commands.service.handlers.branch_review import BranchCommands
from commands.service.handlers.closing import ClosingCommands
from commands.service.handlers.entries import EntryCommands
from commands.service.handlers.organisation import OrganisationCommands
from commands.service.models.fields import Actor
from commands.service.models.model_base import Command, Model, Query, build
from commands.service.runtime.config import application_env, database_url, require_ledger
from commands.service.runtime.retry import retry_conflicts
from ledger.errors import LedgerError


class _ActorOnly(Model):
    actor: Actor


def checked_actor(actor: Any) -> str:
    """Who records a write: never empty, never silently replaced."""
    return build(_ActorOnly, {"actor": actor}).actor


class StarLedger(OrganisationCommands, EntryCommands, ClosingCommands, BranchCommands, AppealCommands,
                 BatchSteps, UserCommands):
    name = "starledger"

    def execute(self, command: Command, actor: str, dry_run: bool = False) -> dict:
        """Run one write for `actor`; with `dry_run`, the same write inside a transaction that is
        rolled back, returning which figures would change."""
        if not isinstance(command, Command):
            raise TypeError(f"execute takes a Command, not {type(command).__name__}")
        actor = checked_actor(actor)
        if dry_run:
            return self.preview(lambda: command.apply(self, actor))
        if self._open_units or self._batch is not None:
            # Inside another write the outermost caller retries: a retry of one part would run
            # in a transaction the database has already given up.
            return command.apply(self, actor)
        return retry_conflicts(lambda: command.apply(self, actor))

    def execute_all(self, commands: Iterable[Command], actor: str, dry_run: bool = False,
                    progress: Callable[[int], None] | None = None, label: Callable[[int], str] | None = None) -> Any:
        """Run many writes as one: all of them are saved, or none. A refusal names the command's
        place (`label(n)`, e.g. "line 7") and nothing is written."""
        actor = checked_actor(actor)
        commands = list(commands)

        # Ids the ledger may already hold: fetched at once, so that a file imported again after
        # it committed repeats its first results and writes nothing, as a repeated write does.
        entry_ids = [command.entry_id for command in commands if getattr(command, "entry_id", None)]

        def run_all() -> dict:
            with self.batch():
                if entry_ids:
                    self.recall_entries(entry_ids)
                for count, command in enumerate(commands, start=1):
                    try:
                        command.apply(self, actor)
                    except LedgerError as error:
                        if label is None:
                            raise
                        raise type(error)(f"{label(count)}: {error}; nothing was imported") from None
                    if progress is not None and count % 500 == 0:
                        progress(count)
            return {"recorded": len(commands)}

        return self.preview(run_all) if dry_run else retry_conflicts(run_all)  # a batch is retried whole

    def ask(self, query: Query, **options: Any) -> Any:
        """Answer one read with its result model (options: e.g. a progress callback)."""
        if not isinstance(query, Query):
            raise TypeError(f"ask takes a Query, not {type(query).__name__}")
        return query.answer(self, **options)


def open_ledger(db: str | None = None, today: Callable[[], date] = date.today, create: bool = True) -> StarLedger:
    """The only place an application is built: from --db, STARLEDGER_DB or the SQLite default.
    With create=False a missing ledger is refused and nothing is created (every CLI command
    but `init` and `demo`)."""
    url = database_url(db)
    if not create:
        require_ledger(url)
    return StarLedger(env=application_env(url), today=today)
