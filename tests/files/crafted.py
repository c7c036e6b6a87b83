"""Workbooks written part by part with zipfile, as an attacker would: a zip bomb whose shared
strings unpack to hundreds of MB, a sheet whose dimension record claims (or hides) its rows.
Every part is streamed into the archive in chunks, so building a 300 MB bomb holds 1 MB at a time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from commands.files.sheet_layout import LAYOUTS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_FRAME = {
    "[Content_Types].xml": f'<Types xmlns="{TYPES}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
    f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
    '<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def _cells(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{get_column_letter(index)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                    for index, value in enumerate(values, start=1) if value)
    return f'<row r="{number}">{cells}</row>'


def _write(archive: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        for chunk in chunks:
            part.write(chunk.encode("utf-8"))


def workbook(path: Path, sheet: str, rows: Iterable[list[str]], dimension: str | None = None,
             shared_strings: Iterable[str] = ()) -> Path:
    """An .xlsx of `sheet`'s layout: its header row, then `rows` (values in the layout's column
    order) as inline strings; `dimension` is the sheet's dimension record as given (None: none);
    `shared_strings` are streamed into sharedStrings.xml between its <sst> tags."""
    layout = LAYOUTS[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _FRAME.items():
            _write(archive, name, [XML_HEAD, text.replace("{title}", layout.title)])
        record = f'<dimension ref="{dimension}"/>' if dimension else ""
        body = (_cells(number, values) for number, values in enumerate(rows, start=2))
        _write(archive, "xl/worksheets/sheet1.xml",
               [XML_HEAD, f'<worksheet xmlns="{MAIN}">{record}<sheetData>', _cells(1, layout.headers),
                *body, "</sheetData></worksheet>"])
        _write(archive, "xl/sharedStrings.xml", [XML_HEAD, f'<sst xmlns="{MAIN}">', *shared_strings, "</sst>"])
    return path


def zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A valid entries workbook of one row whose sharedStrings.xml unpacks to `megabytes` MB of
    one repeated string (a few hundred KB packed)."""
    chunk = "<si><t>" + "炸" * 20 + "</t></si>"
    block = chunk * (1024 * 1024 // len(chunk.encode("utf-8")))
    return workbook(path, "entries", [["", "M1", "学习教育", "2026-11-05", "", "", "", "", "学习党章"]],
                    shared_strings=(block for _ in range(megabytes)))


def study_rows(count: int, member: str = "M1") -> list[list[str]]:
    """`count` valid study entries for one member, each of a different topic."""
    return [["", member, "学习教育", f"2026-11-{1 + n % 20:02d}", "", "", "", "", f"学习党章第 {n} 篇"]
            for n in range(count)]
