"""Every refusal the code can raise has a Chinese rendering for the pages.

The raise sites are read from the source itself (every call of a ledger error class, and every
ValueError of the commands' field checks), each message is filled in with sample values, and
commands/service/vocabulary/refusals_zh.py must have a row for it: a new English message without its
Chinese fails here, wherever it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import commands.service.ledger  # noqa: F401 (registers every command)
from commands.service.models.model_base import COMMANDS, InvalidInput, build
from commands.service.vocabulary.refusal_words import TABLE
from commands.service.vocabulary.refusals_zh import FIELD_LABELS, _compiled, in_chinese, rendering
from ledger import errors
from ledger.errors import Forbidden, NotFound, Refused

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("ledger", "commands", "projections")
ERRORS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}
ERRORS |= {"InvalidInput"}
# The field checks pydantic turns into InvalidInput: their ValueErrors are refusals too.
VALIDATORS = ("commands/service", "ledger/rule_book_content.py")
# Raise sites whose message is not written there, each with why it needs no row of its own.
PASSED_ON = {
    ("commands/service/models/model_base.py", "f'{where}{message}'"): "InvalidInput's wrapper: its parts are checked",
    ("commands/files/jsonl_import.py", "str(error)"): "an InvalidInput re-raised: already checked",
    ("commands/service/models/fields.py", "str(error)"): "a ledger date/month refusal re-raised: already checked",
    ("commands/service/access/access.py", "appeal_id"): "caught at once and re-raised as 'no appeal with id'",
    ("commands/service/access/read_checks.py", "key"): "caught at once and re-raised as 'no ... with id'",
}


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    return {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def _sample(node: ast.expr, constants: dict[str, ast.expr]) -> str | None:
    """The message a raise site makes, with a sample value for everything filled in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else f"X{index}"
                       for index, part in enumerate(node.values))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left, constants), _sample(node.right, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name) and node.id in constants:
        return _sample(constants[node.id], constants)
    return None


def raise_sites() -> list[tuple[str, int, str, str | None]]:
    """(file, line, the message as written, the sample message or None) of every refusal."""
    sites = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = _constants(tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                    continue
                validator = node.func.id == "ValueError" and relative.startswith(VALIDATORS)
                if node.func.id in ERRORS or validator:
                    sites.append((relative, node.lineno, ast.unparse(node.args[0]),
                                  _sample(node.args[0], constants)))
    return sites


SITES = raise_sites()


def test_the_scan_finds_the_raise_sites():
    assert len(SITES) > 150
    assert ("ledger/member.py", "f'amount {amount} must be more than 0'") in {(f, w) for f, _, w, _ in SITES}


@pytest.mark.parametrize("where, line, written, sample", SITES, ids=[f"{f}:{n}" for f, n, _, _ in SITES])
def test_every_refusal_has_its_chinese(where, line, written, sample):
    if (where, written) in PASSED_ON:
        return
    assert sample is not None, f"{where}:{line} raises a message the test cannot read: {written}"
    assert rendering(sample) is not None, f"{where}:{line}: no Chinese in commands/service/vocabulary/refusal_words.py for {sample!r}"


def test_every_row_of_the_table_is_still_raised_somewhere():
    """A row no raise site matches any more is a message changed without its Chinese."""
    said_by_plain_validation_error = {"is required", "is not a field of this command"}
    samples = [sample for *_, sample in SITES if sample]
    unused = [english for english, _ in TABLE
              if english not in said_by_plain_validation_error
              and not any(_compiled(english).fullmatch(sample) for sample in samples)]
    assert unused == []


def test_ids_months_and_dates_are_kept_as_typed():
    assert in_chinese(NotFound("no member with id 'M9'")) == "没有编号为 M9 的党员"
    assert in_chinese(NotFound("no unit, branch or member with id 'X9'")) == "没有编号为 X9 的单位、支部或党员"
    assert in_chinese(Refused("date 2026-12-01 is after today (2026-11-21)")) == "日期 2026-12-01 晚于今天（2026-11-21）"
    assert in_chinese(Refused("dues for 2026-10 are already recorded for member M1 (entry e-7); reverse that entry first")) \
        == "党员 M1 2026-10 的党费已有记录（e-7），如需更正请先冲销该记录"
    assert in_chinese(Forbidden("a secretary may not do this")) == "支部书记不能做这项操作"


def test_a_value_refused_by_a_command_model_is_said_by_its_field():
    def refusal(data: dict) -> str:
        with pytest.raises(InvalidInput) as caught:
            build(COMMANDS["record rating"], data)
        return in_chinese(caught.value)
    assert refusal({"member": "M1", "month": "2026-10", "score": "九"}) == "评分：“九”不是数字"
    assert refusal({"member": "M1", "month": "2026-10"}) == "评分：必须填写"
    assert refusal({"member": "M1", "month": "2026-13", "score": "1"}) == "月份“2026-13”不是有效的月份，请写成 YYYY-MM"
    assert refusal({"member": "M1", "month": "2026-10", "score": "1", "extra": "x"}) == "extra：不是这项操作的字段"


def test_every_field_of_every_command_has_a_label():
    fields = {name for model in COMMANDS.values() for name in model.model_fields}
    assert sorted(fields - set(FIELD_LABELS)) == []


def test_a_message_without_a_row_still_shows_chinese_and_keeps_the_english():
    assert in_chinese(Refused("something new")) == "这项操作未能完成，未写入任何内容（something new）"
