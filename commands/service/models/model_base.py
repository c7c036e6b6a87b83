"""The base of every command (a write) and every query (a read), and their registries.

A command is a frozen pydantic model that names its application call in `apply`; the
application runs any command the same way (`StarLedger.execute`), and can therefore preview any
command (`dry_run=True`) by running it in a transaction that is rolled back: a new command is
previewable, importable and reachable over HTTP the moment it is defined here, with no list to
update. A query names its read in `answer` and returns a typed result model.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ledger.errors import LedgerError

COMMANDS: dict[str, type["Command"]] = {}
QUERIES: dict[str, type["Query"]] = {}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Command(Model):
    """One write. `command` is how people call it: the CLI's words and a JSON Lines line's "command"."""

    command: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.command:
            COMMANDS[cls.command] = cls

    def apply(self, ledger: Any, actor: str) -> dict:  # pragma: no cover - every command overrides it
        raise NotImplementedError


class Query(Model):
    """One read; `answer` runs it on the application and returns its result model."""

    query: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.query:
            QUERIES[cls.query] = cls

    def answer(self, ledger: Any) -> Any:  # pragma: no cover - every query overrides it
        raise NotImplementedError


class Result(BaseModel):
    """A read's answer. Its JSON is the CLI's --json output and the HTTP body alike."""

    model_config = ConfigDict(extra="forbid")


def plain(result: Any) -> Any:
    """A result model as plain JSON-ready data: what the CLI's --json prints and HTTP answers."""
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


class InvalidInput(LedgerError):
    """A value that does not fit its field: malformed input, nothing was written. `code` and
    `context` are pydantic's stable ones (what the pages say in Chinese); `line` is an import's."""

    def __init__(self, message: str, field: str | None = None, code: str | None = None,
                 context: dict[str, Any] | None = None, line: str | None = None):
        super().__init__(message)
        self.field = field
        self.code = code
        self.context = context or {}
        self.line = line


def plain_validation_error(error: ValidationError, prefix: str = "") -> InvalidInput:
    """The first problem of a validation error as one plain line naming the field."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "is required"
    elif first["type"] == "extra_forbidden":
        message = "is not a field of this command"
    # A message that already names its field ("month '2026-13' is not a month") needs no label.
    named = field is not None and message.startswith(field.split(".")[-1].replace("_", "-") + " ")
    where = f"{prefix}field '{field}': " if field and not named else prefix
    line = re.match(r"line (\d+): ", prefix)
    return InvalidInput(f"{where}{message}", field, code=first["type"], context=dict(first.get("ctx") or {}),
                        line=line.group(1) if line else None)


def build(model: type[Model], data: dict[str, Any], prefix: str = "") -> Any:
    """A model from plain input, or InvalidInput naming the field: the one door for every entrance."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise plain_validation_error(error, prefix) from None
