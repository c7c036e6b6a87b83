"""Rule books as data: the shipped default, validation that names the bad field, lookup by date."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import Refused
from ledger.rule_book_content import (
    MEMBER_RULE_KEYS, RuleBookShelf, default_rule_book, parse_rule_book, parse_rule_book_text,
    rule_book_json,
)


def default_data() -> dict:
    return copy.deepcopy(rule_book_json(default_rule_book()))


def test_default_rule_book_prices_every_member_rule_as_domain_section_3_says():
    rules = default_rule_book().member.rules
    expected = {
        "attend.assembly": (2, "obligations"), "attend.lecture": (2, "obligations"),
        "attend.theme_day": (2, "obligations"), "attend.group": (1, "obligations"),
        "attend.committee": (1, "obligations"), "excused": (0, "obligations"),
        "absent": (-2, "obligations"), "dues.on_time": (2, "obligations"),
        "dues.late": (0, "obligations"), "study": (1, "obligations"), "rating": (1, "role"),
        "duty.vanguard": (2, "role"), "duty.volunteer": (2, "role"),
        "commendation": (3, "excellence"), "award.branch": (2, "excellence"),
        "award.company": (5, "excellence"), "award.city": (10, "excellence"),
        "award.province": (15, "excellence"), "award.national": (20, "excellence"),
        "violation": (-20, "deductions"),
    }
    assert {key: (rule.points, rule.part) for key, rule in rules.items()} == expected
    assert set(MEMBER_RULE_KEYS) == set(expected)


def test_default_rule_book_caps_study_at_4_and_duty_at_6_a_month_and_sets_no_annual_cap():
    book = default_rule_book()
    assert book.version == "default-2026"
    assert {name: (cap.monthly, cap.annual) for name, cap in book.member.caps.items()} == {
        "study": (Decimal(4), None), "duty": (Decimal(6), None)}
    assert book.member.rules["study"].cap == "study"
    assert book.member.rules["duty.vanguard"].cap == book.member.rules["duty.volunteer"].cap == "duty"


def test_json_form_parses_back_to_the_same_rule_book():
    book = default_rule_book()
    text = json.dumps(rule_book_json(book))
    assert parse_rule_book_text(text) == book


def test_missing_field_is_refused_naming_the_field():
    data = default_data()
    del data["member"]["rules"]["study"]["points"]
    with pytest.raises(Refused, match=r"^rule book field 'member\.rules\.study\.points': Field required$"):
        parse_rule_book(data)


def test_wrongly_typed_field_is_refused_naming_the_field():
    data = default_data()
    data["branch"]["bonus_max"] = "plenty"
    with pytest.raises(Refused, match=r"^rule book field 'branch\.bonus_max': "):
        parse_rule_book(data)


def test_part_outside_the_four_parts_is_refused_naming_the_field():
    data = default_data()
    data["member"]["rules"]["violation"]["part"] = "penalties"
    with pytest.raises(Refused, match=r"^rule book field 'member\.rules\.violation\.part': "):
        parse_rule_book(data)


def test_unknown_field_is_refused_naming_it():
    data = default_data()
    data["member"]["bonus"] = 1
    with pytest.raises(Refused, match=r"^rule book field 'member\.bonus': Extra inputs are not permitted$"):
        parse_rule_book(data)


def test_rule_book_must_price_every_member_rule():
    data = default_data()
    del data["member"]["rules"]["award.national"]
    with pytest.raises(Refused, match=r"member\.rules is missing award\.national"):
        parse_rule_book(data)


def test_a_rule_naming_an_unknown_cap_is_refused():
    data = default_data()
    data["member"]["rules"]["commendation"]["cap"] = "praise"
    with pytest.raises(Refused, match=r"member\.rules\.commendation\.cap names an unknown cap 'praise'"):
        parse_rule_book(data)


def test_text_that_is_not_json_is_refused_with_its_line():
    with pytest.raises(Refused, match=r"^rule book is not valid JSON \(line 2: "):
        parse_rule_book_text('{\n  "version": }')


def _book(version: str, study_points: int):
    data = default_data()
    data["version"] = version
    data["member"]["rules"]["study"]["points"] = study_points
    return parse_rule_book(data)


def test_shelf_answers_the_book_in_force_on_a_date():
    old, new = _book("old", 1), _book("new", 3)
    shelf = RuleBookShelf([(date(2026, 6, 1), 2, new), (date(2000, 1, 1), 1, old)])
    assert shelf.in_force(date(2026, 5, 31)).version == "old"
    assert shelf.in_force(date(2026, 6, 1)).version == "new"
    assert shelf.in_force(date(2030, 1, 1)).version == "new"


def test_shelf_prefers_the_later_publication_for_the_same_effective_date():
    first, second = _book("first", 1), _book("second", 3)
    shelf = RuleBookShelf([(date(2026, 1, 1), 7, second), (date(2026, 1, 1), 3, first)])
    assert shelf.in_force(date(2026, 1, 1)).version == "second"


def test_shelf_refuses_a_date_before_every_rule_book():
    shelf = RuleBookShelf([(date(2000, 1, 1), 1, default_rule_book())])
    with pytest.raises(Refused, match=r"^no rule book is in force on 1999-12-31; run 'starledger init'$"):
        shelf.in_force(date(1999, 12, 31))
    assert not RuleBookShelf([])
