"""Reading a sheet's rows in a process of its own, with a memory cap and a time limit.

openpyxl parses in Python and holds a workbook's shared strings whole: a workbook that passes the
zip-directory check (workbook_limits) can still take seconds and hundreds of MB. In a child process
that work never holds up the server's event loop, a parse past its memory cap or time limit is
ended without touching the server, and the child gives back plain rows only (never an application
object, which lives on the event loop's thread alone).

Children come from a fork server that has already imported openpyxl, so each starts in
milliseconds and from a clean process (never a fork of the server with its threads and database
connections). At most MOST_AT_ONCE parses run side by side; more wait their turn.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from commands.files.sheet_layout import LAYOUTS
from commands.files.sheet_reader import sheet_rows
from commands.files.workbook_limits import MB
from ledger.errors import Refused

Rows = list[tuple[int, dict[str, Any]]]
Progress = Callable[[int, int | None], None]

# What a parse may add to the child's address space: a 100,000-row sheet needs about 150 MB.
MOST_MEMORY = 512 * MB
# A 100,000-row sheet reads in about 10 s on one core of the benchmark machine.
MOST_SECONDS = 120.0
MOST_AT_ONCE = 2

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])
_TURNS = ThreadPoolExecutor(max_workers=MOST_AT_ONCE, thread_name_prefix="sheet-parse")


def _cap_memory(budget: int) -> None:
    """Cap the address space at what the child holds now plus `budget`: past it, allocations fail
    with MemoryError (or the child dies), and the parent tells it as a refusal."""
    with open("/proc/self/statm") as status:
        held = int(status.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (held + budget, held + budget))


def _child(path: str, sheet: str, budget: int, sending: Any) -> None:
    try:
        _cap_memory(budget)
        rows = list(sheet_rows(path, LAYOUTS[sheet], lambda done, total: sending.send(("progress", done, total))))
        sending.send(("rows", rows))
    except Refused as error:
        sending.send(("refused", error))
    except MemoryError:
        sending.send(("memory", None))  # if even this cannot be sent, the parent sees the pipe close
    finally:
        sending.close()


def _too_much_memory(path: str | Path, budget: int) -> Refused:
    return Refused(f"{path} needs more than {budget // MB} MB to read: split it into smaller files")


def read_sheet_apart(path: str | Path, sheet: str, progress: Progress | None = None) -> Rows:
    """Every non-blank row of the sheet, read in a child process; its refusals, and a parse that
    runs out of memory or time, are raised here as Refused. Nothing else is touched."""
    budget, limit = MOST_MEMORY, MOST_SECONDS
    receiving, sending = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(str(path), sheet, budget, sending), daemon=True)
    child.start()
    sending.close()  # the child holds the only sending end: its death closes the pipe
    deadline = time.monotonic() + limit
    try:
        while True:
            if not receiving.poll(max(deadline - time.monotonic(), 0)):
                raise Refused(f"{path} took longer than {limit:.0f} s to read: split it into smaller files")
            try:
                kind, *said = receiving.recv()
            except EOFError:  # killed by the memory cap where Python could not even raise
                raise _too_much_memory(path, budget) from None
            if kind == "progress":
                if progress is not None:
                    progress(*said)
            elif kind == "rows":
                return said[0]
            elif kind == "refused":
                raise said[0]
            else:
                raise _too_much_memory(path, budget)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()


async def read_sheet_off_loop(path: str | Path, sheet: str) -> Rows:
    """As read_sheet_apart, awaited: the event loop serves other requests meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_TURNS, read_sheet_apart, path, sheet)
