"""Reading a posted form, and putting a refusal beside the field it is about."""

from __future__ import annotations

from fastapi import Request


class FormRefused(Exception):
    """A field's value cannot be used: the message goes beside that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# Words in the application's refusals -> the form field they are about.
_FIELD_WORDS = (("late", "late_reason"), ("closed", "late_reason"), ("date", "on"), ("paid-on", "on"), ("future", "on"),
                ("kind", "kind"), ("month", "month"), ("amount", "amount"), ("member", "marks"))


def field_of(message: str) -> str:
    """The field a refusal names, or "form" for one about the whole form."""
    lowered = message.lower()
    return next((field for word, field in _FIELD_WORDS if word in lowered), "form")


async def form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}
