"""A read catches the read model up to the log's head as it stood when the read began, and no
further: writers that keep adding never hold it up."""

from __future__ import annotations

from datetime import date

from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.conftest import TODAY
from tests.reads import projected_rows


def test_a_catch_up_stops_at_the_head_it_found_while_a_writer_keeps_adding(org, org_url):
    org.catch_up()
    org.projects_own_writes = False  # a backlog, as a ledger written before writes projected themselves
    for day in range(1, 11):
        org.record_study("M1", date(2026, 3, day), "before the read", "sec", entry_id=f"before-{day}")
    head = event_count(org)
    writer = open_ledger(org_url, today=lambda: TODAY)
    added = []

    def a_writer_adds_during_the_read(applied: int, total: int) -> None:
        added.append(writer.record_study("M2", date(2026, 3, 1 + len(added)), "during", "sec",
                                         entry_id=f"during-{len(added)}"))

    try:
        org.projector.page_size = 2
        assert org.projector.catch_up(a_writer_adds_during_the_read) == 10
        assert len(added) == 5  # one a page: the five pages of the ten events found at the start
        assert event_count(org) == head + 5
        assert org.projector.catch_up() == 5  # the next read takes what was added meanwhile
    finally:
        writer.close()
    caught_up = projected_rows(org)
    org.projector.rebuild()
    assert projected_rows(org) == caught_up


def test_a_read_with_nothing_to_project_applies_nothing(org):
    org.catch_up()
    assert org.projector.catch_up() == 0
