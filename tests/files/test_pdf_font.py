"""The font arrives with the package, covers every Chinese character the project prints, and is
embedded in a statement as a subset (no tofu, nothing fetched, nothing from the system)."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from commands.files.pdf_document import Section, Statement, font_path, render

ROOT = Path(__file__).resolve().parents[2]


def printed_characters() -> set[str]:
    """Every CJK character or full-width sign in the code, rule books and docs of the project."""
    found: set[str] = set()
    for pattern in ("commands/**/*.py", "projections/**/*.py", "ledger/**/*.py", "ledger/rulebooks/*.json",
                    "README.md"):
        for path in ROOT.glob(pattern):
            found |= {ch for ch in path.read_text(encoding="utf-8") if ord(ch) >= 0x2E80}
    return found


def test_the_packaged_font_has_a_glyph_for_every_chinese_character_the_project_uses():
    assert font_path().startswith(str(Path(__import__("sys").prefix)))  # from the installed wheel
    cmap = TTFont(font_path(), lazy=True).getBestCmap()
    characters = printed_characters()
    assert len(characters) > 300
    assert sorted(ch for ch in characters if ord(ch) not in cmap) == []


def test_a_statement_embeds_a_subset_of_the_font(tmp_path):
    statement = Statement("member", "M1", "2026-03", "2026-04-01T00:00:00+00:00", 1, "党员积分明细 · 张三",
                          [("封存摘要", "not sealed")],
                          [Section("分项得分", ["分项", "得分"], [40, 30], [["履行义务", "12.00"]])])
    path = tmp_path / "s.pdf"
    render(statement, str(path))
    fonts = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    cjk = [name for name in fonts if "NotoSansCJK" in name]
    assert len(cjk) == 1
    name = cjk[0]
    assert name[1:7].isupper() and name[7] == "+"  # a subset's tag, e.g. /MPDFAA+NotoSansCJKTCRegular
    descendant = fonts[name]["/DescendantFonts"][0].get_object()
    assert "/FontFile3" in descendant["/FontDescriptor"].get_object()  # embedded CFF outlines
    assert path.stat().st_size < 200_000  # a subset, not the 16 MB font
