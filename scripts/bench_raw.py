"""The machine's raw limits, measured in the same run as starledger's figures.

Each figure does the nearest equivalent of a starledger operation with no library in
between: plain inserts of event-shaped rows, one small batch per commit, and reading the
rows back with JSON decoding and a fold into (member, month) sums, or a hash chain.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import uuid
from collections import defaultdict
from typing import Any, Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine

TABLE = "bench_raw_events"


def make_rows(count: int, members: int = 1000) -> list[tuple]:
    """Event-shaped rows: (id, stream uuid, version, topic, state bytes) like the real store."""
    streams = [uuid.uuid4() for _ in range(members)]
    versions = defaultdict(int)
    rows = []
    for n in range(count):
        stream = streams[n % members]
        versions[stream] += 1
        state = json.dumps({"entry_id": f"e-{n:016x}", "occurred_on": {"_type_": "date_iso", "_data_": "2026-03-05"},
                            "actor": "secretary-01", "kind": "assembly", "attendance": "attended",
                            "meeting_id": f"m-{n // 30:012x}", "branch_id": f"B{n % 200:03d}",
                            "month": f"2026-{(n // members) % 12 + 1:02d}",
                            "timestamp": {"_type_": "datetime_iso", "_data_": "2026-03-05T10:00:00+00:00"}}).encode()
        rows.append((n + 1, stream, versions[stream], "ledger.member:Member.AttendanceRecorded", state))
    return rows


def _reset(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        # The ledger's SQLite store runs in WAL mode; the raw figures must too.
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
        blob = "BYTEA" if engine.dialect.name == "postgresql" else "BLOB"
        stream = "UUID" if engine.dialect.name == "postgresql" else "BLOB"
        conn.execute(text(f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, originator_id {stream} NOT NULL, "
                          f"originator_version BIGINT NOT NULL, topic TEXT NOT NULL, state {blob} NOT NULL)"))
        conn.execute(text(f"CREATE UNIQUE INDEX {TABLE}_agg ON {TABLE} (originator_id, originator_version)"))


def _driver_rows(engine: Engine, rows: list[tuple]) -> list[tuple]:
    if engine.dialect.name == "postgresql":
        return [(i, str(s), v, t, s_) for i, s, v, t, s_ in rows]
    return [(i, s.bytes, v, t, s_) for i, s, v, t, s_ in rows]


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def batched_insert(engine: Engine, rows: list[tuple], batch: int = 5000) -> float:
    """Rows per second for executemany (SQLite) / execute_values (PostgreSQL), one transaction."""
    _reset(engine)
    data = _driver_rows(engine, rows)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def run() -> None:
            if engine.dialect.name == "postgresql":
                from psycopg2.extras import execute_values
                for start in range(0, len(data), batch):
                    execute_values(cur, f"INSERT INTO {TABLE} VALUES %s", data[start:start + batch], page_size=1000)
            else:
                cur.executemany(f"INSERT INTO {TABLE} VALUES (?,?,?,?,?)", data)
            raw.commit()
        seconds = _timed(run)
    finally:
        raw.close()
    return len(rows) / seconds


def copy_insert(engine: Engine, rows: list[tuple]) -> float | None:
    """Rows per second for COPY (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        return None
    _reset(engine)
    buffer = io.StringIO()
    for i, s, v, t, state in rows:
        buffer.write(f"{i}\t{s}\t{v}\t{t}\t\\\\x{state.hex()}\n")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def run() -> None:
            buffer.seek(0)
            cur.copy_expert(f"COPY {TABLE} FROM STDIN", buffer)
            raw.commit()
        seconds = _timed(run)
    finally:
        raw.close()
    return len(rows) / seconds


def small_batch_commits(engine: Engine, rows: list[tuple], per_commit: int) -> float:
    """Rows per second inserting `per_commit` rows per transaction (a meeting and its attendees)."""
    _reset(engine)
    data = _driver_rows(engine, rows)
    marker = "%s" if engine.dialect.name == "postgresql" else "?"
    sql = f"INSERT INTO {TABLE} VALUES ({','.join([marker] * 5)})"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def run() -> None:
            for start in range(0, len(data), per_commit):
                cur.executemany(sql, data[start:start + per_commit])
                raw.commit()
        seconds = _timed(run)
    finally:
        raw.close()
    return len(rows) / seconds


def fetch_decode_fold(engine: Engine) -> tuple[float, int]:
    """Rows per second reading every row back, decoding its JSON and summing per (member, month)."""
    sums: dict[tuple, int] = defaultdict(int)
    count = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def run() -> None:
            nonlocal count
            cur.execute(f"SELECT id, originator_id, originator_version, topic, state FROM {TABLE} ORDER BY id")
            while True:
                batch = cur.fetchmany(10000)
                if not batch:
                    break
                for _id, stream, _v, _t, state in batch:
                    data = json.loads(bytes(state))
                    sums[(stream if isinstance(stream, (str, bytes)) else str(stream), data["month"])] += 2
                    count += 1
        seconds = _timed(run)
    finally:
        raw.close()
    return count / seconds, count


def fetch_hash(engine: Engine) -> float:
    """Rows per second reading every row back and chaining sha256 over it."""
    count = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def run() -> None:
            nonlocal count
            previous = b""
            cur.execute(f"SELECT id, originator_id, originator_version, topic, state FROM {TABLE} ORDER BY id")
            while True:
                batch = cur.fetchmany(10000)
                if not batch:
                    break
                for row_id, stream, version, topic, state in batch:
                    digest = hashlib.sha256(previous)
                    digest.update(f"{row_id}|{stream}|{version}|{topic}|".encode())
                    digest.update(bytes(state))
                    previous = digest.digest()
                    count += 1
        seconds = _timed(run)
    finally:
        raw.close()
    return count / seconds


def drop(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
