"""Two things a spreadsheet import asks of a batch, beyond what `import FILE.jsonl` needs: to try
a command and, if it is refused half-way, go on as if it had never run; and to know which of
its entry ids the ledger already holds, so that a repeated row returns its first result.
"""

from __future__ import annotations

import copy
import uuid
from contextlib import contextmanager
from typing import Iterator

from eventsourcing.application import AggregateNotFoundError

from commands.service.handlers.base import LedgerBase
from commands.store import entry_index
from ledger.errors import LedgerError


class BatchSteps(LedgerBase):
    @contextmanager
    def attempt(self, stream_ids: list[uuid.UUID]) -> Iterator[None]:
        """Inside a batch: a command refused half-way (a meeting refused at its third member)
        leaves these aggregates as they were, so the batch can go on with the next command."""
        assert self._batch is not None
        for key in stream_ids:  # loaded first: a write borrows the cache's own object, not a copy
            if key not in self._batch and key not in self._batch_absent:
                try:
                    self.load(key)
                except AggregateNotFoundError:
                    pass
        kept = {key: copy.deepcopy(self._batch[key]) for key in stream_ids if key in self._batch}
        try:
            yield
        except LedgerError:
            for key in stream_ids:
                self._batch.pop(key, None)
                if key in kept:
                    self._batch[key] = kept[key]
            raise

    def recall_entries(self, entry_ids: list[str]) -> set[str]:
        """Inside a batch: which of these ids the ledger holds, fetched at once, so that repeating
        one of those writes in the batch returns its first result, exactly as outside a batch."""
        with self.unit_of_work() as session:
            self._batch_recorded.update(entry_index.recorded_entries(session, entry_ids))
        return {entry_id for entry_id in entry_ids if entry_id in self._batch_recorded}

