"""The CLI meets the same workbook limits as the pages: a zip bomb given to `import` or to
`verify-export` is refused in one line, exit 1, and nothing is written."""

from __future__ import annotations

from tests.files.crafted import zip_bomb


def test_the_cli_refuses_a_zip_bomb_in_one_line_and_writes_nothing(org_cli, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    said = f"{bomb} unpacks to 300 MB; a workbook may unpack to at most 50 MB: split it into smaller files"
    org_cli.refused("import", "entries", str(bomb), message=said)
    org_cli.refused("verify-export", str(bomb), message=said)
    assert not (tmp_path / "bomb.errors.xlsx").exists()
