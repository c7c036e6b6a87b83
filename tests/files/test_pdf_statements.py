"""PDF statements and the notice (SQLite and PostgreSQL): the pages' text shows the Chinese names
and the figures, verify-export accepts a printed PDF, and names a figure changed afterwards."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

from sqlalchemy import select

from commands.files.pdf_export import page_text, print_statement, verify_statement
from projections import tables as t


@pytest.fixture
def scored(org):
    """M7 张三 in B1 with a March of dues, a study and a rating; a theme day for B1."""
    org.add_member("M7", "张三", "B1", date(2025, 6, 1), "full", "sec")
    org.record_dues("M7", "2026-03", Decimal(25), date(2026, 3, 10), "sec")
    org.record_study("M7", date(2026, 3, 4), "学习党章", "sec", "S-7")
    org.record_rating("M7", "2026-03", Decimal("8.5"), "sec")
    org.record_meeting("B1", "theme_day", date(2026, 3, 3), ["M1", "M7"], [], ["M2"], "sec", "MT-1")
    return org


def edited(path, old: bytes, new: bytes, out):
    """What a PDF editor does to a figure: the page's text drawn with another number."""
    writer = PdfWriter(clone_from=PdfReader(path))
    page = writer.pages[0]
    content = page.get_contents()
    data = content.get_data()
    assert data.count(old) == 1, data.count(old)
    stream = ContentStream(None, writer)
    stream.set_data(data.replace(old, new))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(out)
    return out


def test_a_member_statement_shows_the_name_parts_and_lines_and_verifies(scored, tmp_path):
    path = str(tmp_path / "m7.pdf")
    result = print_statement(scored, "member", "M7", "2026-03", path)
    assert result["facts"]["封存摘要"] == "not sealed"
    assert result["rows"] == {"分项得分": 5, "积分明细": 4}
    text = page_text(path).replace("\x00", "")
    for shown in ("张三", "履行义务", "13.50", "8.50", "S-7", "MT-1/M7", "default-2026", "not sealed"):
        assert shown in text, shown
    assert verify_statement(scored, path)["matches"] is True


def test_a_figure_changed_in_the_pdf_is_caught_and_named(scored, tmp_path):
    path = str(tmp_path / "m7.pdf")
    print_statement(scored, "member", "M7", "2026-03", path)
    changed = edited(path, b"(13.50)", b"(23.50)", str(tmp_path / "m7-edited.pdf"))
    result = verify_statement(scored, changed)
    assert result["matches"] is False
    assert [(d["section"], d["subject"], d["column"], d["ledger"]) for d in result["differences"]] == [
        ("分项得分", "合计", "得分", "13.50")]


def test_the_branch_statement_and_the_notice_verify_and_show_their_figures(scored, tmp_path):
    scored.close_month("2026-03", 5, "committee")
    branch = str(tmp_path / "b1.pdf")
    print_statement(scored, "branch", "B1", "2026-03", branch)
    text = page_text(branch).replace("\x00", "")
    assert "六个维度" in text and "组织建设" in text and "类别内排名" in text
    assert verify_statement(scored, branch)["matches"] is True
    notice = str(tmp_path / "notice.pdf")
    result = print_statement(scored, "notice", "G1", "2026-03", notice)
    text = re.sub(r"[\s\x00]+", "", page_text(notice))
    assert "张三" in text and "公示期：" in text and "starledgerobjectionfile--month2026-03" in text
    assert result["rows"]["党员积分"] == 7
    assert verify_statement(scored, notice)["matches"] is True


def test_a_sealed_month_prints_its_seal_and_still_verifies_after_a_late_entry(scored, tmp_path):
    scored.close_month("2026-03", 0, "committee")
    sealed = scored.seal_month("2026-03", "committee")
    path = str(tmp_path / "m7.pdf")
    facts = print_statement(scored, "member", "M7", "2026-03", path)["facts"]
    with scored.reading() as conn:
        digest = conn.execute(select(t.month_closes.c.seal_digest)).scalar_one()
    assert facts["封存摘要"] == digest and digest in re.sub(r"[\s\x00]+", "", page_text(path))
    assert sealed["month"] == "2026-03"
    scored.record_study("M7", date(2026, 3, 20), "补学", "sec", "S-8", late_reason="纸质记录补录")
    assert verify_statement(scored, path)["matches"] is True  # as of its printing: the late entry is not in it
    year = str(tmp_path / "m7-2026.pdf")
    result = print_statement(scored, "member", "M7", "2026", year)
    assert result["rows"]["积分明细"] == 5 and result["facts"]["封存摘要"] == "not sealed"
    assert verify_statement(scored, year)["matches"] is True
