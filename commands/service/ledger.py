"""The whole application: every command group on one eventsourcing Application."""

from __future__ import annotations

from datetime import date
from typing import Callable

from commands.service.appeals import AppealCommands
from commands.service.batch_steps import BatchSteps
from commands.service.branch_review import BranchCommands
from commands.service.config import application_env, database_url
from commands.service.closing import ClosingCommands
from commands.service.entries import EntryCommands
from commands.service.organisation import OrganisationCommands


class StarLedger(OrganisationCommands, EntryCommands, ClosingCommands, BranchCommands, AppealCommands,
                 BatchSteps):
    name = "starledger"


def open_ledger(db: str | None = None, today: Callable[[], date] = date.today) -> StarLedger:
    """The only place an application is built: from --db, STARLEDGER_DB or the SQLite default."""
    return StarLedger(env=application_env(database_url(db)), today=today)
