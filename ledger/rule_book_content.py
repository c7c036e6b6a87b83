"""Rule books as data: the pydantic model of a version, the shipped default, and lookup by date.

A rule book is validated here once, at the edge; scoring code reads the typed model.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ledger.errors import Refused

Part = Literal["obligations", "role", "excellence", "deductions"]
PARTS: tuple[Part, ...] = ("obligations", "role", "excellence", "deductions")
DEFAULT_VERSION = "default-2026"

# Every rule key that member events are scored by; a rule book must price each of them.
MEMBER_RULE_KEYS = (
    "attend.assembly", "attend.lecture", "attend.theme_day", "attend.group", "attend.committee",
    "excused", "absent", "dues.on_time", "dues.late", "study", "rating",
    "duty.vanguard", "duty.volunteer", "commendation",
    "award.branch", "award.company", "award.city", "award.province", "award.national",
    "violation",
)
DIMENSIONS = ("organisation", "leadership", "membership", "institutions", "support", "discipline")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """PostgreSQL stores no NUL character in text; a rule book's names are projected."""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain the NUL character")
        return value


class MemberRule(_Strict):
    points: Decimal
    part: Part
    clause: str
    cap: str | None = None


class Cap(_Strict):
    monthly: Decimal | None = None
    annual: Decimal | None = None


class MemberRules(_Strict):
    rules: dict[str, MemberRule]
    caps: dict[str, Cap] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> "MemberRules":
        missing = [key for key in MEMBER_RULE_KEYS if key not in self.rules]
        if missing:
            raise ValueError(f"member.rules is missing {', '.join(missing)}")
        for key, rule in self.rules.items():
            if rule.cap is not None and rule.cap not in self.caps:
                raise ValueError(f"member.rules.{key}.cap names an unknown cap '{rule.cap}'")
        return self


class Dimension(_Strict):
    max: Decimal = Field(ge=0)


class Threshold(_Strict):
    min: Decimal
    stars: int = Field(ge=1, le=5)


class GradeThreshold(_Strict):
    min: Decimal
    grade: str


class Institutions(_Strict):
    committee_meeting: Decimal
    attendance: Decimal
    attendance_target: Decimal = Field(gt=0, le=1)
    dues: Decimal


class SecretaryPay(_Strict):
    full_score: Decimal = Field(gt=0)
    share_full_time: Decimal = Field(ge=0, le=1)
    share_part_time: Decimal = Field(ge=0, le=1)


class BranchRules(_Strict):
    dimensions: dict[str, Dimension]
    membership_full_mean: Decimal = Field(gt=0)
    institutions: Institutions
    discipline_per_violation: Decimal
    bonus_max: Decimal = Field(ge=0)
    stars: list[Threshold]
    violation_downgrade: int = Field(ge=0)
    veto_stars: int = Field(ge=1, le=5)
    tiers: dict[str, int]
    grades: list[GradeThreshold]
    lowest_grade: str
    star_quotas: dict[str, Decimal] | None = None
    last_place_criticism: int = Field(ge=1)
    last_place_admonishment: int = Field(ge=1)
    secretary_pay: SecretaryPay

    @model_validator(mode="after")
    def _complete(self) -> "BranchRules":
        missing = [name for name in DIMENSIONS if name not in self.dimensions]
        if missing:
            raise ValueError(f"branch.dimensions is missing {', '.join(missing)}")
        return self


class Alerts(_Strict):
    dues_warning_months: int = Field(ge=1)
    dues_deemed_left_months: int = Field(ge=1)
    no_meeting_deemed_left_months: int = Field(ge=1)


class RuleBookBody(_Strict):
    version: str = Field(min_length=1, max_length=64)
    title: str = ""
    categories: list[str] = Field(min_length=1)
    member: MemberRules
    branch: BranchRules
    alerts: Alerts


def parse_rule_book(data: object) -> RuleBookBody:
    """Validate rule-book data, naming the first bad field in plain words."""
    try:
        return RuleBookBody.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the rule book"
        raise Refused(f"rule book field '{where}': {first['msg']}") from None


def parse_rule_book_text(text: str) -> RuleBookBody:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(f"rule book is not valid JSON (line {error.lineno}: {error.msg})") from None
    return parse_rule_book(data)


def default_rule_book() -> RuleBookBody:
    text = resources.files("ledger").joinpath(f"rulebooks/{DEFAULT_VERSION}.json").read_text("utf-8")
    return parse_rule_book_text(text)


def _plain_numbers(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(item) for item in value]
    return value


def rule_book_json(body: RuleBookBody) -> dict:
    """The JSON form that `rules show --json` prints and `rules publish` accepts."""
    return _plain_numbers(body.model_dump(mode="python"))  # type: ignore[return-value]


class RuleBookShelf:
    """All published rule books, answering which one is in force on a date."""

    def __init__(self, books: list[tuple[date, int, RuleBookBody]]):
        # (effective_on, publication order, body); the later publication wins a tie.
        self._books = sorted(books, key=lambda book: (book[0], book[1]))

    def in_force(self, on: date) -> RuleBookBody:
        chosen = None
        for effective_on, _, body in self._books:
            if effective_on <= on:
                chosen = body
            else:
                break
        if chosen is None:
            raise Refused(f"no rule book is in force on {on.isoformat()}; run 'starledger init'")
        return chosen

    def __bool__(self) -> bool:
        return bool(self._books)

    def with_books(self, books: list[tuple[date, int, RuleBookBody]]) -> "RuleBookShelf":
        """This shelf and more books; a book already on it (same publication order) is not doubled."""
        known = {order for _, order, _ in self._books}
        return RuleBookShelf(self._books + [book for book in books if book[1] not in known])
