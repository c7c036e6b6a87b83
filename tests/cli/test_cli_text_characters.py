"""The CLI refuses lone surrogates and bidirectional controls in text as it refuses NUL: a
malformed value, exit 2, one plain line naming the field, nothing written. A surrogate reaches a
program from bytes that are not UTF-8 on its command line (Python keeps them as U+DC80-U+DCFF):
the CLI's guard names that argument first."""

from __future__ import annotations

import pytest

BIDI = "must not contain the bidirectional control {code}, which makes text read otherwise than it is stored"


@pytest.mark.parametrize("args, message", [
    (["record", "study", "M1", "--on", "2026-03-05", "--topic", "gnirts\u202eabc"],
     "field 'topic': " + BIDI.format(code="U+202E")),
    (["record", "study", "M1", "--on", "2026-03-05", "--topic", "bad \udcff byte"],
     "argument 7 ('bad \\xff byte') is not valid UTF-8 text"),
    (["member", "add", "M7", "--name", "Wang\u2066Li", "--branch", "B1", "--joined", "2025-01-01"],
     "field 'name': " + BIDI.format(code="U+2066")),
    (["record", "study", "M1\u200f", "--on", "2026-03-05", "--topic", "t"],
     "field 'member': " + BIDI.format(code="U+200F")),
], ids=["bidi-topic", "surrogate-topic", "bidi-name", "bidi-id"])
def test_surrogates_and_bidi_controls_are_refused_with_one_line_and_nothing_written(org_cli, args, message):
    org_cli.malformed(*args, says=message)
