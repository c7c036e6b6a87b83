"""The history of one id: a member, branch, unit, rule book, or an entry and its reversal.

Read from the raw event log (and the write side's entry index, which says which stream
holds an entry), so it shows what was stored, whatever the read model says.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from commands.store import entry_index
from ledger.errors import NotFound, Refused
from ledger.ids import shown_id, stream_id
from ledger.terms import ID_KINDS as KINDS
from projections.history import stream_history, stream_owner


def history(conn: Connection, events: Any, transcoder: Any, key: str, kind: str | None = None,
            among: tuple[str, ...] | None = None) -> dict:
    """`among`: the kinds to look for (the caller's scope decided them); else `kind`, or all."""
    found = {}
    for candidate in among if among is not None else (kind,) if kind else KINDS:
        if candidate == "entry":
            entry = entry_index.find_entry(conn, key)  # type: ignore[arg-type]
            if entry is not None:
                found["entry"] = entry
        else:
            lines = stream_history(conn, events, transcoder, stream_id(candidate, key))
            if lines:
                found[candidate] = lines
    if not found:
        raise unknown(key, kind)
    if len(found) > 1:
        raise Refused(f"id '{shown_id(key)}' names a {' and a '.join(found)}; say which with --kind")
    (what, value), = found.items()
    if what == "entry":
        return entry_history(conn, events, transcoder, key, value)
    return {"id": key, "kind": what, "events": value}


def unknown(key: str, kind: str | None) -> NotFound:
    """What an id that names nothing the caller reaches is told (outside the scope alike)."""
    return NotFound(f"no {kind or 'member, branch, unit, rule book, user or entry'} with id '{shown_id(key)}'")


def entry_history(conn: Connection, events: Any, transcoder: Any, key: str, entry: Any) -> dict:
    """The event that recorded the entry and the one that reversed it, if any."""
    lines = stream_history(conn, events, transcoder, UUID(entry.stream_id))
    recording = next((line for line in lines if _names(line, key)), None)
    reversal = next((line for line in lines if line["detail"].get("target") == key), None)
    meeting = (recording or {}).get("detail", {}).get("meeting_id")
    if reversal is None and meeting and meeting != key:
        # An attendance line is reversed with its whole meeting, on the branch's stream.
        held = entry_index.find_entry(conn, meeting)  # type: ignore[arg-type]
        if held is not None:
            reversal = next((line for line in stream_history(conn, events, transcoder, UUID(held.stream_id))
                             if line["detail"].get("target") == meeting), None)
    owner = stream_owner(conn, events, transcoder, UUID(entry.stream_id))
    return {"id": key, "kind": "entry", "entry_kind": entry.kind,
            "on": {"kind": owner[0], "id": owner[1]} if owner else None,
            "recording": recording, "reversal": reversal,
            "events": [line for line in (recording, reversal) if line is not None]}


def _names(line: dict, key: str) -> bool:
    detail = line["detail"]
    return detail.get("entry_id") == key or (line["event"] == "Branch.MeetingHeld" and detail.get("meeting_id") == key)
