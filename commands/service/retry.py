"""Optimistic-concurrency conflicts, retried inside the service.

Two writers that change the same aggregate at once: the second one's insert fails on the
stream's version and nothing of it is written. Run again, it loads the aggregate as the first
left it and decides afresh (a duplicate is then refused as a duplicate).
"""

from __future__ import annotations

import random
import time
from typing import Callable, TypeVar

from commands.service.base import LedgerBase
from ledger.errors import ConcurrentChange

T = TypeVar("T")
ATTEMPTS = 30


class RetriedWrites(LedgerBase):
    def with_retries(self, write: Callable[[], T], attempts: int = ATTEMPTS) -> T:
        for attempt in range(1, attempts + 1):
            try:
                return write()
            except ConcurrentChange:
                if attempt == attempts or self._open_units or self._batch is not None:
                    raise  # inside an outer transaction only the outermost may start again
                time.sleep(random.uniform(0, 0.004 * min(attempt, 10)))  # let the other writer finish
        raise AssertionError("unreachable")
