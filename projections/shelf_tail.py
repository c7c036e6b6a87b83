"""The rule books a write must know, without projecting the log's backlog first."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.utils import get_topic
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from ledger.rule_book_content import RuleBookShelf
from ledger.rules import RuleBook
from projections import tables as t
from projections.events import decode_row
from projections.rescore import load_shelf, parsed_rule_book

RULE_BOOK_TOPIC = get_topic(RuleBook.Published)


def shelf_with_tail(engine: Engine, events: Table, transcoder: Any, projection: str) -> RuleBookShelf:
    """Every published rule book: the projected ones and those published after the tracking
    position, read from the log's unprojected tail.

    A write that only needs the rule book in force (assess, branch add) so avoids
    recomputing branch scores for every earlier write that is not yet projected.
    """
    with engine.connect() as conn:
        # The position first: a page projected in between shows up twice, never not at all.
        position = conn.execute(select(t.tracking.c.position)
                                .where(t.tracking.c.projection == projection)).scalar_one_or_none() or 0
        shelf = load_shelf(conn)
        tail = conn.execute(select(events.c.id, events.c.originator_id, events.c.originator_version,
                                   events.c.topic, events.c.state)
                            .where(events.c.id > position, events.c.topic == RULE_BOOK_TOPIC)
                            .order_by(events.c.id)).all()
    if not tail:
        return shelf
    published = [decode_row(row, transcoder) for row in tail]
    return shelf.with_books([(e.data["effective_on"], e.position, parsed_rule_book(json.dumps(e.data["body"])))
                             for e in published])
