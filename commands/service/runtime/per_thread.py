"""Attributes that each thread sees on its own, so that one application object can serve many
threads at once (an HTTP server's worker pool): each call's unit of work, batch and nesting depth
belong to the thread that opened them, never to another thread's request."""

from __future__ import annotations

import threading
from typing import Any


class PerThread:
    """A descriptor: `self.x` reads and writes this thread's own value, starting at `default`."""

    def __init__(self, default: Any = None):
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _state(self, obj: Any) -> threading.local:
        state = obj.__dict__.get("_per_thread")
        if state is None:
            state = obj.__dict__.setdefault("_per_thread", threading.local())
        return state

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(self._state(obj), self.name, self.default)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(self._state(obj), self.name, value)
