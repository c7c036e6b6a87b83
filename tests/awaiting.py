"""Awaiting the service's few coroutines (log_in, change_password) from a synchronous test.

asyncio.run refuses to start where a loop already runs, and Playwright's sync API leaves one
running in the thread of every test that shares its pytest worker; a thread of its own never has
one. The test thread waits, so the application is still used by one thread at a time."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine


def awaited(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
