"""An import run again after it committed is a repeat: it writes nothing and succeeds."""

from __future__ import annotations

import json

import pytest

from commands.files.jsonl_import import import_lines
from ledger.errors import Refused
from tests.builders import event_count, ledger_fingerprint
from tests.reads import member_ledger

FILE = [json.dumps(line) for line in (
    {"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "Constitution"},
    {"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "Constitution"},
    {"command": "record dues", "member": "M2", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10",
     "entry_id": "D-M2-03"},
    {"command": "record meeting", "branch": "B1", "kind": "group", "on": "2026-03-05", "attended": ["M1", "M2"]},
)]


def test_an_import_run_again_after_it_committed_writes_nothing_and_succeeds(org):
    assert import_lines(org, FILE, "importer") == 4
    after_first = ledger_fingerprint(org)
    events = event_count(org)
    assert import_lines(org, FILE, "importer") == 4
    assert event_count(org) == events
    assert ledger_fingerprint(org) == after_first


def test_identical_lines_without_ids_are_two_entries_with_ids_derived_from_content_and_occurrence(org):
    import_lines(org, FILE, "importer")
    studies = [line["entry_id"] for line in member_ledger(org, "M1")["entries"] if line["kind"] == "study"]
    assert len(set(studies)) == 2 and all(entry.startswith("i-") for entry in studies)
    import_lines(org, FILE[:1], "importer")  # the first occurrence again: already there
    assert len([line for line in member_ledger(org, "M1")["entries"] if line["kind"] == "study"]) == 2


def test_a_file_half_in_the_ledger_records_only_its_new_lines(org):
    import_lines(org, FILE[:2], "importer")
    events = event_count(org)
    assert import_lines(org, FILE, "importer") == 4
    assert event_count(org) == events + 1 + 3  # the dues, and the meeting with its two lines


def test_a_line_whose_id_is_used_by_a_different_entry_refuses_the_whole_file(org):
    import_lines(org, FILE, "importer")
    before = ledger_fingerprint(org)
    changed = FILE[:2] + [FILE[2].replace('"25"', '"30"')]
    with pytest.raises(Refused) as refused:
        import_lines(org, changed, "importer")
    assert str(refused.value) == "line 3: entry id D-M2-03 is already used by a different entry; nothing was imported"
    assert ledger_fingerprint(org) == before
