"""Laying out a statement as a PDF: a title, the facts that tie it to the ledger with a QR code of
them, and tables. Chinese is set in Noto Sans CJK (from the cvttf-NotoSansCJK-Regular wheel, SIL
OFL 1.1), embedded and subsetted by fpdf2; ids and figures are set in the PDF core font
Helvetica, so they stay plain text that any PDF reader extracts exactly and `verify-export`
can check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cvttf_NotoSansCJK_Regular
import qrcode
from fpdf import FPDF
from fpdf.enums import XPos, YPos

CJK = "noto-cjk"
LATIN = "helvetica"
MARK = "starledger-statement"  # the first line of every statement: how verify-export knows one


@dataclass
class Section:
    title: str
    columns: list[str]
    widths: list[float]  # in mm, the page is 180 mm wide between margins
    rows: list[list[str]]
    checked: bool = True  # verify-export compares its rows with the ledger's


@dataclass
class Statement:
    kind: str  # member, branch, notice
    subject: str
    period: str  # YYYY-MM or YYYY
    as_of: str  # ISO 8601 UTC: the figures are those recorded by then
    position: int  # the ledger's last event then: its chain hash is printed
    title: str
    facts: list[tuple[str, str]]  # (Chinese label, value) tying it to the ledger: seal, range, rules
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # after the tables
    intro: list[str] = field(default_factory=list)  # before them: a notice's window comes first

    @property
    def mark(self) -> str:
        return f"{MARK} {self.kind} {self.subject} {self.period} as-of {self.as_of} at {self.position}"


def font_path() -> str:
    return cvttf_NotoSansCJK_Regular.get_TTF_path()


def _ascii(text: str) -> bool:
    return all(ord(ch) < 128 for ch in text)


class _Page(FPDF):
    def __init__(self, statement: Statement):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.statement = statement
        self.add_font(CJK, fname=font_path())
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, 18)
        self.set_title(statement.title)
        self.set_creator("starledger")
        self.set_keywords(statement.mark)

    def use(self, text: str, size: float, bold: bool = False) -> None:
        if _ascii(text):
            self.set_font(LATIN, "B" if bold else "", size)
        else:
            self.set_font(CJK, "", size)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(LATIN, "", 7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.statement.mark}   page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)


def _qr_image(statement: Statement):  # noqa: ANN202 - a PIL image
    payload = "\n".join([statement.mark, *(f"{label}: {value}" for label, value in statement.facts)])
    code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image()


def _facts(pdf: _Page, statement: Statement) -> None:
    top = pdf.get_y()
    for label, value in statement.facts:
        pdf.set_x(15)
        pdf.use(label, 8)
        pdf.cell(24, 4.6, label)
        pdf.use(value, 8)
        pdf.multi_cell(118, 4.6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.image(_qr_image(statement), x=160, y=top, w=35, h=35)
    pdf.set_y(max(pdf.get_y(), top + 37))


def _cell(pdf: _Page, width: float, text: str, header: bool) -> None:
    size = 8.5 if header else 8
    pdf.use(text, size, bold=header)
    if text.isascii():  # ids and figures are never cut: they shrink to fit
        while size > 5 and pdf.get_string_width(text) > width - 1.6:
            size -= 0.5
            pdf.use(text, size, bold=header)
    while text and pdf.get_string_width(text) > width - 1.6:
        text = text[:-1]  # a long reason is cut to its column
    pdf.cell(width, 6, text, border="B" if header else 0, fill=header)


def _table(pdf: _Page, section: Section) -> None:
    pdf.ln(3)
    pdf.use(section.title, 11)
    pdf.cell(0, 7, section.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(242, 230, 230)

    def header() -> None:
        for width, column in zip(section.widths, section.columns):
            _cell(pdf, width, column, True)
        pdf.ln(6)
    header()
    if not section.rows:
        pdf.use("无", 8)
        pdf.cell(0, 6, "无", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for number, row in enumerate(section.rows):
        if pdf.will_page_break(6):
            pdf.add_page()
            header()
        if number % 2:
            pdf.set_fill_color(248, 248, 248)
            pdf.rect(15, pdf.get_y(), sum(section.widths), 6, style="F")
        for width, text in zip(section.widths, row):
            _cell(pdf, width, text, False)
        pdf.ln(6)
        pdf.set_fill_color(242, 230, 230)


def render(statement: Statement, path: str) -> None:
    pdf = _Page(statement)
    pdf.add_page()
    pdf.set_font(LATIN, "", 7)
    pdf.set_text_color(110)
    pdf.cell(0, 4, statement.mark, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.use(statement.title, 16)
    pdf.cell(0, 10, statement.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _facts(pdf, statement)
    for line in statement.intro:
        pdf.use(line, 11)
        pdf.multi_cell(0, 6.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in statement.sections:
        _table(pdf, section)
    if statement.notes:
        pdf.ln(3)
        for note in statement.notes:
            pdf.use(note, 9)
            pdf.multi_cell(0, 5.5, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(path)
