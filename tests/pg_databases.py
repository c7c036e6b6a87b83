"""The PostgreSQL databases of the tests: made one ahead and dropped behind, on threads of their own.

A test database costs two slow statements: CREATE DATABASE ... TEMPLATE copies the template
(0.1-0.6 s), and DROP DATABASE waits for a checkpoint (1-2 s on a busy server). Neither is what
a test checks, so the next copy of each template is made while the current test runs, and the
drops happen while the next tests run. The session waits for the last drops at its end.
"""

from __future__ import annotations

import queue
import threading
import uuid
from typing import Any, Callable

from sqlalchemy import text


class Databases:
    def __init__(self, admin_engine: Callable[[], Any]):
        self._engine_factory = admin_engine
        self._lock = threading.Lock()
        self._spares: dict[str | None, threading.Thread] = {}  # template -> the thread making its next copy
        self._made: dict[str | None, list[str | BaseException]] = {}
        self._drops: queue.Queue[str | None] = queue.Queue()
        self._dropper: threading.Thread | None = None
        self.failures: list[str] = []

    def take(self, template: str | None) -> str:
        """A fresh database, empty or a copy of `template`; the next one is started at once."""
        with self._lock:
            maker = self._spares.pop(template, None) or self._start(template)
        maker.join()
        made = self._made[template].pop(0)
        with self._lock:
            self._spares[template] = self._start(template)
        if isinstance(made, BaseException):
            raise made
        return made

    def _start(self, template: str | None) -> threading.Thread:
        maker = threading.Thread(target=self._create, args=(template,), daemon=True)
        maker.start()
        return maker

    def _create(self, template: str | None) -> None:
        name = "sl_test_" + uuid.uuid4().hex[:12]
        copy_of = f' TEMPLATE "{template}"' if template else ""
        engine = self._engine_factory()
        try:
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
            self._made.setdefault(template, []).append(name)
        except BaseException as error:  # handed to the test that takes it
            self._made.setdefault(template, []).append(error)
        finally:
            engine.dispose()

    def drop(self, name: str) -> None:
        with self._lock:
            maker = self._spares.pop(name, None)  # a template going away: its spare copy first
        if maker is not None:
            maker.join()
            self.drop_made(name)
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_all, daemon=True)
            self._dropper.start()
        self._drops.put(name)

    def _drop_all(self) -> None:
        engine = self._engine_factory()
        try:
            while (name := self._drops.get()) is not None:
                try:
                    with engine.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                except Exception as error:  # reported at the end: a leftover database, not a failed test
                    self.failures.append(f"{name}: {str(error).splitlines()[0]}")
        finally:
            engine.dispose()

    def finish(self) -> list[str]:
        """Drop the spares not taken, wait for every drop, and say which failed."""
        with self._lock:
            spares, self._spares = self._spares, {}
        for template, maker in spares.items():
            maker.join()
            self.drop_made(template)
        if self._dropper is not None:
            self._drops.put(None)
            self._dropper.join()
            self._dropper = None
        return self.failures

    def drop_made(self, template: str | None) -> None:
        for made in self._made.pop(template, []):
            if isinstance(made, str):
                self.drop(made)
