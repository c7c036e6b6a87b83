"""Row-level SQL helpers shared by the write side's store (commands/store) and the read model
(projections): both depend on ledger/, so the helpers live here. They import no SQLAlchemy at run
time; they act on the connection and table objects they are handed.

Pairs: `(a = ? AND b <op> ?) OR …` over many pairs: one index seek per pair on SQLite and
PostgreSQL. A row-value IN reads more naturally, but SQLite answers it by scanning the whole table.
The text is built here rather than as an expression so building it costs nothing per call.

Inserts: many read-model rows through the driver, with SQLAlchemy's own type conversions.

A rebuild writes a row per entry. SQLAlchemy's generic per-row parameter handling cost about a
third of it; here each column's bind processor (the same one SQLAlchemy would apply) runs once
per value and the driver gets plain tuples: `executemany` on SQLite, `execute_values` on
PostgreSQL (psycopg2's own executemany makes a round trip per row).
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

CHUNK = 200  # pairs per statement


def pairs_where(first: str, second: str, op: str, pairs: list[tuple[Any, Any]]) -> tuple[str, dict[str, Any]]:
    """The WHERE text and its parameters for these (first, second) pairs."""
    where = " OR ".join(f"({first} = :a{n} AND {second} {op} :b{n})" for n in range(len(pairs)))
    params: dict[str, Any] = {}
    for n, (a, b) in enumerate(pairs):
        params[f"a{n}"], params[f"b{n}"] = a, b
    return where, params


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the keys of the first one, in the connection's transaction."""
    if not rows:
        return
    dialect = conn.dialect
    if not (dialect.name == "sqlite" or dialect.driver == "psycopg2"):
        conn.execute(table.insert(), rows)
        return
    names = list(rows[0])
    # The dialect's own type (SQLite's DATETIME, say), as SQLAlchemy itself converts with.
    converters = [(position, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                  for position, name in enumerate(names)]
    converters = [(position, convert) for position, convert in converters if convert is not None]
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    if not converters:
        values: list[Any] = [pick(row) for row in rows]
    else:
        values = []
        for row in rows:
            value = list(pick(row))
            for position, convert in converters:
                value[position] = convert(value[position])
            values.append(value)
    quote = dialect.identifier_preparer
    head = f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(name) for name in names)}) VALUES "
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if dialect.name == "sqlite":
            cursor.executemany(head + "(" + ", ".join("?" * len(names)) + ")", values)
        else:
            from psycopg2.extras import execute_values
            execute_values(cursor, head + "%s", values, page_size=1000)
    finally:
        cursor.close()
