"""An engine of its own, in autocommit, for the reads every request starts with (is the read
model current? is this token still its user's?): a connection set to autocommit and back at each
checkout cost more than the query it served."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine


def probe_engine(engine: Engine) -> Engine:
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return engine.execution_options(isolation_level="AUTOCOMMIT")  # a second engine would be another database
    return create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_reset_on_return=None)
