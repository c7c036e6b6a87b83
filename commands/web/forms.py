"""Reading a posted form into one of the application's commands, running it, and putting a
refusal beside the field it is about."""

from __future__ import annotations

from typing import Any, Iterable

from fastapi import Request

from commands.service.models.model_base import InvalidInput
from ledger.errors import LedgerError


class FormRefused(Exception):
    """A field's value cannot be used: the message goes beside that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# Words in the application's refusals -> the form field they are about.
_FIELD_WORDS = (("late", "late_reason"), ("closed", "late_reason"), ("date", "on"), ("paid-on", "on"), ("future", "on"),
                ("kind", "kind"), ("month", "month"), ("amount", "amount"), ("rating", "score"), ("member", "marks"))


def field_of(message: str) -> str:
    """The field a refusal names, or "form" for one about the whole form."""
    lowered = message.lower()
    return next((field for word, field in _FIELD_WORDS if word in lowered), "form")


def where(error: LedgerError, fields: Iterable[str], default: str = "form") -> str:
    """The form field a refusal goes beside: the field an invalid value names, else the one its
    words are about; `default` when that field is not on the form."""
    shown = set(fields)
    found = error.field if isinstance(error, InvalidInput) and error.field else field_of(str(error))
    return found if found in shown else default


def run(ledger: Any, viewer: Any, order: Any, preview: bool) -> dict:
    """The command run for the viewer: with `preview`, the figures it would change, nothing written."""
    return ledger.execute(order, viewer.label, dry_run=preview)


def typed(values: dict[str, str], names: Iterable[str]) -> dict[str, str]:
    """The fields the user filled in, as typed (an empty one is left for the model to call missing)."""
    return {name: values[name].strip() for name in names if values.get(name, "").strip()}


async def form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}
