"""`(a = ? AND b <op> ?) OR …` over many pairs: one index seek per pair on SQLite and PostgreSQL.

A row-value IN reads more naturally, but SQLite answers it by scanning the whole table.
The text is built here rather than as an expression so building it costs nothing per call.
"""

from __future__ import annotations

from typing import Any

CHUNK = 200  # pairs per statement


def pairs_where(first: str, second: str, op: str, pairs: list[tuple[Any, Any]]) -> tuple[str, dict[str, Any]]:
    """The WHERE text and its parameters for these (first, second) pairs."""
    where = " OR ".join(f"({first} = :a{n} AND {second} {op} :b{n})" for n in range(len(pairs)))
    params: dict[str, Any] = {}
    for n, (a, b) in enumerate(pairs):
        params[f"a{n}"], params[f"b{n}"] = a, b
    return where, params
