"""JSON replies exactly as the CLI's --json prints them (decimals and dates as strings)."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel



def json_bytes(content: Any) -> bytes:
    """UTF-8 JSON; an answer that echoes a lone surrogate (which UTF-8 cannot hold) is written
    with ASCII escapes instead, so that no input can turn a refusal into a 500."""
    text = json.dumps(content, ensure_ascii=False, default=str)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(content, default=str).encode("ascii")


class LedgerJSON(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def reply(data: Any, status_code: int = 200) -> LedgerJSON:
    return LedgerJSON(content=data, status_code=status_code)


class _Rendered:
    """The JSON of answers the application keeps (commands/service/queries/answer_cache.py), made once:
    the same answer object asked again is the same bytes. Kept by identity, with the answer
    itself held so that its id is never another object's."""

    def __init__(self, size: int = 1024):
        self._bodies: dict[int, tuple[Any, bytes]] = {}
        self._lock = threading.Lock()
        self._size = size

    def __call__(self, data: Any) -> bytes:
        with self._lock:
            found = self._bodies.get(id(data))
        if found is not None and found[0] is data:
            return found[1]
        body = json_bytes(data)
        with self._lock:
            if len(self._bodies) >= self._size:
                del self._bodies[next(iter(self._bodies))]
            self._bodies[id(data)] = (data, body)
        return body


rendered = _Rendered()


def reply_answer(data: Any) -> Response:
    """An answer the application may give again: its JSON made once."""
    return Response(rendered(data), media_type="application/json")


class ErrorReply(BaseModel):
    """Every refusal: one plain sentence, and for an invalid request the field it names."""
    detail: str
    field: str | None = None


# Documented on every route, so that clients (and the schema fuzzer) know each refusal's shape.
ERROR_REPLIES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorReply, "description": meaning} for status, meaning in (
        (401, "no session or token, or a wrong or revoked one"),
        (403, "the caller's role may not do this, or a cookie write without its CSRF token"),
        (404, "unknown, or outside the caller's scope"),
        (409, "a duplicate, or a concurrent change that could not be resolved"),
        (422, "an invalid request or a refusal by the ledger's rules; names the field"),
        (429, "too many failed logins for this name"),
        (503, "the database could not be used"),
    )}

