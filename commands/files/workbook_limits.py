"""What an uploaded or imported workbook may be, checked from its zip directory before any part of
it is parsed: an .xlsx is a zip of XML parts, and a few hundred KB of deflated repeated text can
unpack to hundreds of MB (a zip bomb) that openpyxl would then hold and parse.

The directory's declared sizes can be trusted as a bound: Python's zipfile stops a part's stream at
the size its directory entry declares (and then fails its CRC check), so a part that lies about its
size still yields no more than it declared. A sheet's declared dimension can lie too, so the sheet
reader also stops at the row cap while it streams (sheet_reader.sheet_rows).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ledger.errors import Refused

MB = 1024 * 1024
MOST_UNPACKED = 50 * MB  # every part together; a 100,000-row entries sheet unpacks to about 24 MB
MOST_PART = 32 * MB  # any one part (the sheet's XML, the shared strings)
MOST_RATIO = 100  # a real sheet's XML deflates 10-20 times; a bomb's thousands of times
RATIO_FROM = 1 * MB  # small parts may be packed tightly (a theme, an empty sheet) and cost nothing
MOST_ENTRIES = 1000  # an .xlsx from Excel or openpyxl holds about ten parts
# The rows a sheet may hold under its header: twice the 50,000 rows the import is benchmarked at
# (docs/benchmarks.md), more than a year of a large committee's entries.
MOST_ROWS = 100_000
DIMENSION_PEEK = 64 * 1024  # the dimension record comes right after the sheet's properties
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]{1,3}\d+:)?[A-Z]{1,3}(\d+)\"")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def _open_zip(path: str | Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(f"cannot read {path} as an .xlsx workbook (it is not a zip file)") from None


def _check_parts(path: str | Path, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MOST_ENTRIES:
        raise Refused(f"{path} holds {len(parts)} files; an .xlsx workbook holds at most {MOST_ENTRIES}")
    total = sum(part.file_size for part in parts)
    if total > MOST_UNPACKED:
        raise Refused(f"{path} unpacks to {_megabytes(total)}; a workbook may unpack to at most "
                      f"{_megabytes(MOST_UNPACKED)}: split it into smaller files")
    for part in parts:
        if part.file_size > MOST_PART:
            raise Refused(f"{path}: its part {part.filename} unpacks to {_megabytes(part.file_size)}; "
                          f"one part may unpack to at most {_megabytes(MOST_PART)}: split it into smaller files")
        if part.file_size > RATIO_FROM and part.file_size > MOST_RATIO * max(part.compress_size, 1):
            raise Refused(f"{path}: its part {part.filename} unpacks {part.file_size // max(part.compress_size, 1)} "
                          f"times its packed size; a workbook is never packed that tightly")


def too_many_rows(path: str | Path, most_rows: int) -> Refused:
    """Said alike when the sheet's dimension record tells it and when the streaming reader finds it."""
    return Refused(f"{path}: its sheet has more than {most_rows} rows under its header: split it into smaller files")


def _declared_rows(path: str | Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int | None:
    """The last row the sheet's dimension record names, if it has one near its start."""
    try:
        with archive.open(part) as stream:
            start = stream.read(DIMENSION_PEEK)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise Refused(f"cannot read {path} as an .xlsx workbook (a damaged part)") from None
    found = _DIMENSION.search(start)
    return int(found.group(1)) if found else None


def check_workbook(path: str | Path, most_rows: int | None = MOST_ROWS) -> None:
    """Refuse, before it is parsed, a workbook that is not a zip, holds too many parts, unpacks
    too large or too tightly, or (with `most_rows`) has a sheet that says it has more rows under
    its header than that."""
    with _open_zip(path) as archive:
        parts = archive.infolist()
        _check_parts(path, parts)
        if most_rows is None:
            return
        for part in parts:
            if not _WORKSHEET.match(part.filename):
                continue
            rows = _declared_rows(path, archive, part)
            if rows is not None and rows - 1 > most_rows:
                raise too_many_rows(path, most_rows)
