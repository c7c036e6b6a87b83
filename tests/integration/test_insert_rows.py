"""The driver-level bulk insert stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, DateTime, Integer, MetaData, String, Table, create_engine

from ledger.driver_rows import insert_rows

ROWS = [
    dict(key="a", day=date(2026, 3, 1), moment=datetime(2026, 3, 1, 8, 30, 0, 123456), count=3, note="直"),
    dict(key="b", day=None, moment=None, count=None, note=None),
    dict(key="c'); DROP TABLE x; --", day=date(1999, 12, 31), moment=datetime(2000, 1, 1), count=2**40, note=""),
]


def make_table(meta: MetaData, name: str) -> Table:
    return Table(name, meta, Column("key", String(64), primary_key=True), Column("day", Date),
                 Column("moment", DateTime), Column("count", BigInteger().with_variant(Integer(), "sqlite")),
                 Column("note", String(20)))


def test_insert_rows_stores_what_sqlalchemy_stores(db_url):
    engine = create_engine(db_url)
    meta = MetaData()
    ours, theirs = make_table(meta, "t_ours"), make_table(meta, "t_theirs")
    meta.create_all(engine)
    try:
        with engine.begin() as conn:
            insert_rows(conn, ours, ROWS)
            conn.execute(theirs.insert(), ROWS)
        with engine.connect() as conn:
            raw_ours = conn.exec_driver_sql("SELECT * FROM t_ours ORDER BY key").all()
            raw_theirs = conn.exec_driver_sql("SELECT * FROM t_theirs ORDER BY key").all()
            typed = [dict(row._mapping) for row in conn.execute(ours.select().order_by(ours.c.key))]
        assert raw_ours == raw_theirs
        assert typed == sorted(ROWS, key=lambda row: row["key"])
    finally:
        meta.drop_all(engine)
        engine.dispose()


def test_insert_rows_with_no_rows_writes_nothing(db_url):
    engine = create_engine(db_url)
    meta = MetaData()
    table = make_table(meta, "t_empty")
    meta.create_all(engine)
    try:
        with engine.begin() as conn:
            insert_rows(conn, table, [])
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM t_empty").scalar_one() == 0
    finally:
        meta.drop_all(engine)
        engine.dispose()
