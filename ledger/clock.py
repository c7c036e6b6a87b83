"""The clock that stamps events: `recorded_at`, the moment as-of queries filter on.

Events take their timestamp from `recording_now()`, the wall clock in UTC unless a caller has
set another clock with `recording_at(...)`. Tests use it to write an entry at a moment strictly
after an as-of moment without sleeping on the wall clock.

Why a context-local clock and not `open_ledger(now=...)` beside `today=`: the timestamp is made
inside the event library (`create_timestamp()` on the event class, called while an aggregate
method runs), where no application is in reach. An application-held clock would still have to
be handed down through a context around every write; the context alone is simpler, needs no
change to the application, and stays local to the caller (a thread or task of its own, e.g.
the web server beside a test, keeps the wall clock).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Callable, Iterator

from eventsourcing.domain import datetime_now_with_tzinfo

Clock = Callable[[], datetime]

# The library's own wall clock (UTC unless its TZINFO setting says otherwise), so that an
# unset clock stamps events exactly as before.
_recording_clock: ContextVar[Clock] = ContextVar("recording_clock", default=datetime_now_with_tzinfo)


def recording_now() -> datetime:
    """The moment an event recorded now is stamped with."""
    return _recording_clock.get()()


@contextmanager
def recording_at(moment: datetime | Clock) -> Iterator[None]:
    """Stamp the events recorded inside the block with `moment` (an aware datetime, or a clock
    giving one), then restore the clock that was set before."""
    clock = moment if callable(moment) else _fixed_clock(moment)
    token = _recording_clock.set(clock)
    try:
        yield
    finally:
        _recording_clock.reset(token)


def _fixed_clock(moment: datetime) -> Clock:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive moment would be read as local time by some readers and UTC by others.
        raise ValueError(f"recording_at needs a moment with a time zone, not {moment!r}")
    stamped = moment.astimezone(timezone.utc)
    return lambda: stamped
