"""The rules live in the repository's own docs/domain.md, and everything points at it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.glob("README.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("ledger/**/*.json"),
           *(path for folder in ("ledger", "projections", "commands", "scripts", "tests")
             for path in (ROOT / folder).rglob("*.py"))]


def test_docs_domain_md_holds_the_rules_and_names_the_sources_of_its_seeds():
    text = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    assert "## 1. Who uses it" in text and "## 9. Replay and explain" in text
    assert "## Sources" in text and all(f"| {seed} |" in text for seed in ("000", "001", "002", "003", "004"))


def test_no_file_points_at_the_old_domain_file():
    here = Path(__file__).name
    stale = [str(path.relative_to(ROOT)) for path in SOURCES
             if path.name != here and "DOMAIN.md" in path.read_text(encoding="utf-8")]
    assert stale == []
