"""Input that is not text, and flags that contradict each other: one line, exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Refused on the raw command line or the raw file, before any database is touched: parsing, not
# database behaviour, so SQLite only (see tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

STUDY = ["record", "study", "M1", "--on", "2026-03-05"]


def test_an_argument_that_is_not_utf8_is_a_malformed_command_line(org_cli):
    bad = os.fsdecode(b"\xff")  # what sys.argv holds for the byte 0xff: a lone surrogate
    result = org_cli.malformed(*STUDY, "--topic", bad, says="argument 7 ('\\xff') is not valid UTF-8 text")
    assert result.stderr.count("Error:") == 1


def test_a_real_process_given_a_non_utf8_argument_says_one_line(org_url, tmp_path):
    env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C.UTF-8"}
    args = [sys.executable, "-c", "from commands.cli.main import main; main()",
            *[a.encode() for a in STUDY], b"--topic", b"\xff", b"--db", org_url.encode()]
    done = subprocess.run(args, capture_output=True, env=env, cwd=os.getcwd())
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == b"Error: argument 7 ('\\xff') is not valid UTF-8 text"


@pytest.mark.parametrize("content, says", [
    (b"\x00\x01\x02binary\xff", "is not a UTF-8 JSON Lines file: it holds binary data"),
    ('{"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "党章"}\n'.encode("gbk"),
     "is not a UTF-8 JSON Lines file: byte 75 is 0xb5; save it as UTF-8 and import it again"),
])
def test_an_import_file_that_is_not_utf8_text_is_refused(org_cli, tmp_path, content, says):
    path = tmp_path / "entries.jsonl"
    path.write_bytes(content)
    org_cli.malformed("import", str(path), says=says)


@pytest.mark.parametrize("args, says", [
    (["branch", "secretary", "B1", "--member", "M1", "--since", "2026-01-01", "--part-time", "--full-time"],
     "--full-time and --part-time contradict each other; give one of them"),
    (["branch", "secretary", "B1", "--member", "M1", "--since", "2026-01-01", "--full-time", "--part-time"],
     "--full-time and --part-time contradict each other; give one of them"),
])
def test_flags_that_contradict_each_other_are_refused(org_cli, args, says):
    org_cli.malformed(*args, says=says)
