"""The RuleBook aggregate: one event stream per published rule-book version.

Its content (the pydantic model, the shipped default, lookup by date) is in rule_book_content.py.
This module keeps its short name because its path is part of the stored format: every published
rule book is stored with the topic `ledger.rules:RuleBook.Published`.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.ids import stream_id


class RuleBook(ClockedAggregate):
    @staticmethod
    def create_id(version: str, **_: Any) -> UUID:
        return stream_id("rulebook", version)

    @event("Published")
    def __init__(self, version: str, effective_on: date, body: dict, occurred_on: date,
                 actor: str):
        # Not `self.version`: that is the aggregate's own event version, which a cached
        # aggregate is fast-forwarded from.
        self.book_version = version
        self.effective_on = effective_on
        self.body = body
