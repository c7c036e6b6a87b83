"""A workbook is refused from its zip directory before it is parsed, a sheet stops at the row cap
while it streams whatever its dimension record says, and the child process that reads a sheet
turns running out of memory or time into a refusal. No database: these check files alone."""

from __future__ import annotations

import struct
import zipfile

import pytest

from commands.files import sheet_process
from commands.files.sheet_layout import ENTRIES
from commands.files.sheet_process import read_sheet_apart
from commands.files.sheet_reader import sheet_rows
from commands.files.workbook_limits import check_workbook
from ledger.errors import Refused
from tests.files.crafted import study_rows, workbook, zip_bomb


def refusal(action) -> str:
    with pytest.raises(Refused) as refused:
        action()
    return str(refused.value)


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_parsed(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert refusal(lambda: check_workbook(bomb)) == (
        f"{bomb} unpacks to 300 MB; a workbook may unpack to at most 50 MB: split it into smaller files")
    assert refusal(lambda: read_sheet_apart(bomb, "entries")) == refusal(lambda: check_workbook(bomb))


def test_one_part_too_large_or_packed_too_tightly_or_too_many_parts_is_refused(tmp_path):
    large = tmp_path / "large.xlsx"
    with zipfile.ZipFile(large, "w", zipfile.ZIP_STORED) as archive:
        with archive.open("xl/sharedStrings.xml", "w") as part:
            for _ in range(33):
                part.write(b"x" * 1024 * 1024)
    assert refusal(lambda: check_workbook(large)) == (
        f"{large}: its part xl/sharedStrings.xml unpacks to 33 MB; one part may unpack to at most 32 MB: "
        f"split it into smaller files")
    tight = zip_bomb(tmp_path / "tight.xlsx", megabytes=20)  # under every size limit
    strings = zipfile.ZipFile(tight).getinfo("xl/sharedStrings.xml")
    assert strings.file_size // strings.compress_size > 250  # what zlib makes of it, near its best
    assert refusal(lambda: check_workbook(tight)) == (
        f"{tight}: its part xl/sharedStrings.xml unpacks {strings.file_size // strings.compress_size} times its packed size; "
        f"a workbook is never packed that tightly")
    crowded = tmp_path / "crowded.xlsx"
    with zipfile.ZipFile(crowded, "w") as archive:
        for number in range(1001):
            archive.writestr(f"xl/media/{number}.bin", b"")
    assert refusal(lambda: check_workbook(crowded)) == (
        f"{crowded} holds 1001 files; an .xlsx workbook holds at most 1000")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("党员编号,姓名\n", encoding="utf-8")
    assert refusal(lambda: read_sheet_apart(text, "entries")) == (
        f"cannot read {text} as an .xlsx workbook (it is not a zip file)")


def _understate(path, name: str, size: int) -> None:
    """Make the zip directory claim that part `name` unpacks to `size` bytes."""
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    while True:
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + length].decode() == name:
            break
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, size)
    path.write_bytes(bytes(data))


def test_a_directory_that_understates_a_part_stops_its_reading_at_the_size_it_declared(tmp_path):
    liar = zip_bomb(tmp_path / "liar.xlsx", megabytes=60)
    _understate(liar, "xl/sharedStrings.xml", 1000)
    check_workbook(liar)  # the directory now looks harmless
    with zipfile.ZipFile(liar) as archive, archive.open("xl/sharedStrings.xml") as part:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            part.read()  # zipfile stops at the 1000 bytes declared, and finds them wrong
    assert refusal(lambda: read_sheet_apart(liar, "entries")) == f"cannot read {liar} as an .xlsx workbook (BadZipFile)"


def test_a_sheet_declaring_more_rows_than_a_file_may_hold_is_refused_before_reading(tmp_path):
    claims = workbook(tmp_path / "claims.xlsx", "entries", study_rows(2), dimension="A1:L100002")
    assert refusal(lambda: check_workbook(claims)) == (
        f"{claims}: its sheet has more than 100000 rows under its header: split it into smaller files")
    workbook(tmp_path / "fits.xlsx", "entries", study_rows(2), dimension="A1:L100001")
    check_workbook(tmp_path / "fits.xlsx")


@pytest.mark.parametrize("dimension", [None, "A1:L3"])
def test_a_sheet_stops_at_the_row_cap_while_streaming_whatever_its_dimension_says(tmp_path, dimension):
    hidden = workbook(tmp_path / "hidden.xlsx", "entries", study_rows(150), dimension=dimension)
    read = []
    with pytest.raises(Refused) as refused:
        for number, _ in sheet_rows(hidden, ENTRIES, most_rows=100):
            read.append(number)
    assert str(refused.value) == f"{hidden}: its sheet has more than 100 rows under its header: split it into smaller files"
    assert read[-1] == 101 and len(read) == 100


def test_a_parse_past_its_memory_cap_or_its_time_limit_is_a_refusal(tmp_path, monkeypatch):
    big = workbook(tmp_path / "big.xlsx", "entries", study_rows(40_000))
    monkeypatch.setattr(sheet_process, "MOST_MEMORY", 16 * 1024 * 1024)
    assert refusal(lambda: read_sheet_apart(big, "entries")) == (
        f"{big} needs more than 16 MB to read: split it into smaller files")
    monkeypatch.setattr(sheet_process, "MOST_MEMORY", 512 * 1024 * 1024)
    monkeypatch.setattr(sheet_process, "MOST_SECONDS", 1.0)
    assert refusal(lambda: read_sheet_apart(big, "entries")) == (
        f"{big} took longer than 1 s to read: split it into smaller files")


def test_a_valid_sheet_comes_back_as_plain_rows_with_progress(tmp_path):
    sheet = workbook(tmp_path / "fine.xlsx", "entries", study_rows(2500))
    heard = []
    rows = read_sheet_apart(sheet, "entries", lambda done, total: heard.append(done))
    assert len(rows) == 2500 and heard == [999, 1999]
    assert rows[0] == (2, {**{header: None for header in ENTRIES.headers}, "党员编号": "M1", "类型": "学习教育",
                           "日期": "2026-11-01", "内容": "学习党章第 0 篇"})
