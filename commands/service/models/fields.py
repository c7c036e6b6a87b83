"""The value types every command and query shares, checked once at the edge.

Each entrance (CLI, JSON Lines, HTTP, forms, spreadsheets) builds the same models from these
types, so a value is refused with the same words wherever it is typed. Bounds are chosen so that
every figure fits the read model's columns (Numeric(14, 4)) on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from ledger.dates import parse_date, parse_month
from ledger.errors import LedgerError

TEXT_MAX = 2000


def _decimal(value: Any) -> Decimal:
    """A plain decimal number: digits with at most two decimals; no exponent, no NaN."""
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, str):
        plain_characters(value)  # before any message echoes the value
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if "e" in text.lower() or not text:
        raise ValueError(f"'{value}' must be written as a plain number, like 25.50")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a number")
    try:
        rounded = number.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than a decimal holds (28): far past any limit below
        raise ValueError(f"'{value}' is too large") from None
    if number != rounded:
        raise ValueError(f"'{value}' has more than two decimals")
    return number


def _within(limit: Decimal) -> Any:
    """Only the size is checked here, so that every figure fits the database's columns; whether
    a value makes sense (more than 0, inside 0-10) is the domain's rule, said in its own words."""
    def check(number: Decimal) -> Decimal:
        if abs(number) > limit:
            raise ValueError(f"{number} is too large: at most {limit} is accepted")
        return number
    return check


_as_text = PlainSerializer(lambda number: str(number), return_type=str, when_used="json")


def _number(limit: str) -> Any:
    return Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_within(Decimal(limit))), _as_text]


Amount = _number("1000000")        # dues, in yuan
Points = _number("1000")           # a branch deduction
Rating = _number("1000")           # a monthly rating (the rule book says 0-10)
DimensionScore = _number("1000")   # an assessment dimension or bonus (the rule book gives the maximum)


# Characters no text of the ledger may hold, refused at every entrance alike:
# - NUL: PostgreSQL stores none, so an event holding one could never be projected;
# - a lone surrogate (U+D800-U+DFFF, as a JSON "\ud800" escape gives): no UTF-8 can hold it, so
#   the write would fail halfway, after the checks;
# - the bidirectional controls: they make a name or reason read otherwise than it is stored
#   (a name shown reversed, text that hides what follows it).
_REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def plain_characters(value: str) -> str:
    """`value`, or ValueError naming its first character of _REFUSED_CHARACTERS."""
    found = _REFUSED_CHARACTERS.search(value)
    if found is None:
        return value
    code = f"U+{ord(found.group()):04X}"
    if found.group() == "\x00":
        raise ValueError("must not contain the NUL character")
    if "\ud800" <= found.group() <= "\udfff":
        raise ValueError(f"must not contain a lone surrogate ({code}), which is not a character")
    raise ValueError(f"must not contain the bidirectional control {code}, which makes text read otherwise than "
                     f"it is stored")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    value = plain_characters(value).strip()
    if not value:
        raise ValueError("must not be empty")
    if len(value) > TEXT_MAX:
        raise ValueError(f"is {len(value)} characters long; at most {TEXT_MAX} are allowed")
    return value


def _optional_text(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _text(value)


def _free_text(value: Any) -> str:
    """Text that may be empty (evidence, comments), but never longer than the limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("must be text")
    value = plain_characters(value).strip()
    if len(value) > TEXT_MAX:
        raise ValueError(f"is {len(value)} characters long; at most {TEXT_MAX} are allowed")
    return value


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
FreeText = Annotated[str, BeforeValidator(_free_text)]


def _ledger_parse(parse: Any) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, date) and parse is parse_date:
            return value
        if isinstance(value, str):
            plain_characters(value)  # before any message echoes the value
        try:
            return parse(str(value).strip())
        except LedgerError as error:
            raise ValueError(str(error)) from None
    return check


Month = Annotated[str, BeforeValidator(_ledger_parse(parse_month))]
Day = Annotated[date, BeforeValidator(_ledger_parse(parse_date))]


def _id(value: Any) -> str:
    """An id as typed: whether it is well formed, and whether it exists, the application says
    in its own words (an unknown id and a malformed one are both refusals, exit 1)."""
    if not isinstance(value, str):
        raise ValueError("must be an id (text)")
    return plain_characters(value)


Id = Annotated[str, BeforeValidator(_id)]


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [item for item in value.split(",")]
    if not isinstance(value, (list, tuple)):
        raise ValueError("must be a list of ids")
    return [_id(item) for item in value if not (isinstance(item, str) and not item.strip())]


Ids = Annotated[list[str], BeforeValidator(_ids)]


def _actor(value: Any) -> str:
    try:
        return _text(value)
    except ValueError:
        raise ValueError("who records this must be named (--by, or the logged-in user)") from None


Actor = Annotated[str, BeforeValidator(_actor)]
