"""Questions an auditor, an inspector or a reviewer asks of the ledger itself: verify, history,
rebuild, the deduction register and its read audit, rule books and what-if.

Some of these record that they were asked (the deduction register): they change no figure, so
they are queries; the actor they need is a field. The export and verify-export queries live in
commands/files/export_queries.py, beside the files they write and read.
"""

from __future__ import annotations

from typing import Any, Callable, Literal

from pydantic import model_validator

from commands.service.models.fields import Actor, Day, Id, Month, OptionalText
from commands.service.models.model_base import Query
from commands.service.queries.branch_queries import Document, Rows
from commands.service.queries.history import KINDS, history
from ledger.rule_book_content import RuleBookBody, rule_book_json
from projections.compare import rebuild_compared
from projections.deductions import STATUSES, Filters, read_audit

Progress = Callable[[int, int], None] | None


class Verify(Query):
    """Check every stored event against the hash chain; `anchor` must still be in the chain."""

    query = "verify"
    anchor: str | None = None

    def answer(self, ledger: Any, progress: Progress = None) -> Document:
        return Document(ledger.verify(self.anchor, progress))


class History(Query):
    """Every stored event of an id, in order; for an entry, its recording and reversal."""

    query = "history"
    key: Id
    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]

    def answer(self, ledger: Any) -> Document:
        with ledger.engine.connect() as conn:
            return Document(history(conn, ledger.events_table, ledger.mapper.transcoder, self.key, self.kind))


class Rebuild(Query):
    """Rebuild every projection from the events alone and compare with the previous rows."""

    query = "rebuild"

    def answer(self, ledger: Any, progress: Progress = None) -> Document:
        return Document(rebuild_compared(ledger.projector, progress))


class Deductions(Query):
    """The deduction register; a look that shows members' violations is itself recorded."""

    query = "deductions"
    actor: Actor
    branch: Id | None = None
    member: Id | None = None
    month_from: Month | None = None
    month_to: Month | None = None
    status: Literal[STATUSES] | None = None  # type: ignore[valid-type]
    inspector: OptionalText = None

    @model_validator(mode="after")
    def _ordered(self) -> "Deductions":
        if self.month_from and self.month_to and self.month_from > self.month_to:
            raise ValueError(f"from {self.month_from} is after to {self.month_to}")
        return self

    def answer(self, ledger: Any) -> Rows:
        filters = Filters(branch=self.branch, member=self.member, month_from=self.month_from,
                          month_to=self.month_to, status=self.status, inspector=self.inspector)
        return Rows(ledger.look_at_deductions(filters, self.actor))


class ReadAudit(Query):
    """Who looked at members' deductions, when, with which filters, and whose rows were shown."""

    query = "audit reads"
    member: Id | None = None

    def answer(self, ledger: Any) -> Rows:
        with ledger.reading() as conn:
            return Rows(read_audit(conn, self.member))


class RuleBookShown(Query):
    """A rule book: the one in force on a day, or a version."""

    query = "rules show"
    on: Day | None = None
    version: str | None = None

    def answer(self, ledger: Any) -> Document:
        body = ledger.rule_book(self.version) if self.version else ledger.rule_book_in_force(self.on or ledger.today())
        return Document(rule_book_json(body))


class WhatIf(Query):
    """Re-score a month under another rule book and list every figure that would change."""

    query = "whatif"
    body: RuleBookBody
    month: Month

    def answer(self, ledger: Any) -> Document:
        return Document(ledger.what_if(self.body, self.month))
