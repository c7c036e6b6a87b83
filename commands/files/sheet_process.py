"""Reading a sheet's rows in a process of its own, with a memory cap and a time limit.

openpyxl parses in Python and holds a workbook's shared strings whole: a workbook that passes the
zip-directory check (workbook_limits) can still take seconds and hundreds of MB. In a child process
that work never holds up the server's event loop, a parse past its memory cap or time limit is
ended without touching the server, and the child gives back plain rows only (never an application
object, which lives on the event loop's thread alone).

The child is a fresh interpreter (`python -m commands.files.sheet_process`, about 0.2 s to start),
never a fork of the server with its threads and database connections; multiprocessing's spawn and
forkserver would also re-run the server's main module in every child. It sends pickled messages
on its stdout: ("progress", done, total)..., then ("rows", rows), ("refused", error),
("failed", what) or ("memory",). At most MOST_AT_ONCE parses run side by side for the pages; more wait their turn.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import resource
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from commands.files.workbook_limits import MB
from ledger.errors import Refused

Rows = list[tuple[int, dict[str, Any]]]
Progress = Callable[[int, int | None], None]

# What a parse may add to the child's address space: a 100,000-row sheet needs about 150 MB.
MOST_MEMORY = 512 * MB
# A 100,000-row sheet reads in about 10 s on one core of the benchmark machine.
MOST_SECONDS = 120.0
MOST_AT_ONCE = 2

_TURNS = ThreadPoolExecutor(max_workers=MOST_AT_ONCE, thread_name_prefix="sheet-parse")
_HOME = str(Path(__file__).resolve().parents[2])  # where the `commands` package is found


def _too_much_memory(path: str | Path, budget: int) -> Refused:
    return Refused(f"{path} needs more than {budget // MB} MB to read: split it into smaller files")


def _start(path: str | Path, sheet: str, budget: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_HOME, os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, "-m", __name__, str(path), sheet, str(budget)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def read_sheet_apart(path: str | Path, sheet: str, progress: Progress | None = None) -> Rows:
    """Every non-blank row of the sheet, read in a child process; its refusals, and a parse that
    runs out of memory or time, are raised here as Refused. Nothing else is touched."""
    budget, limit = MOST_MEMORY, MOST_SECONDS
    child = _start(path, sheet, budget)
    late = threading.Event()
    timer = threading.Timer(limit, lambda: (late.set(), child.kill()))
    timer.start()
    try:
        while True:
            try:
                kind, *said = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError):  # the child ended without answering
                break
            if kind == "progress":
                if progress is not None:
                    progress(*said)
            elif kind == "rows":
                return said[0]
            elif kind == "refused":
                raise said[0]
            elif kind == "failed":
                raise Refused(f"cannot read {path} as an .xlsx workbook ({said[0]})")
            else:
                raise _too_much_memory(path, budget)
    finally:
        timer.cancel()
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
    if late.is_set():
        raise Refused(f"{path} took longer than {limit:.0f} s to read: split it into smaller files")
    raise _too_much_memory(path, budget)  # killed where Python could not even raise MemoryError


async def read_sheet_off_loop(path: str | Path, sheet: str) -> Rows:
    """As read_sheet_apart, awaited: the event loop serves other requests meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_TURNS, read_sheet_apart, path, sheet)


def _cap_memory(budget: int) -> None:
    """Cap the address space at what the child holds now plus `budget`: past it, allocations fail
    with MemoryError (or the child dies), and the parent tells it as a refusal."""
    with open("/proc/self/statm") as status:
        held = int(status.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (held + budget, held + budget))


def _child(path: str, sheet: str, budget: int) -> None:
    from commands.files.sheet_layout import LAYOUTS
    from commands.files.sheet_reader import sheet_rows

    out = sys.stdout.buffer
    say = lambda *message: (pickle.dump(message, out), out.flush())  # noqa: E731
    try:
        _cap_memory(budget)
        say("rows", list(sheet_rows(path, LAYOUTS[sheet], lambda done, total: say("progress", done, total))))
    except Refused as error:
        say("refused", error)
    except MemoryError:
        say("memory")  # if even this cannot be said, the parent sees the pipe close
    except Exception as error:  # openpyxl fails in many ways on a damaged part: said as unreadable
        say("failed", type(error).__name__)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
