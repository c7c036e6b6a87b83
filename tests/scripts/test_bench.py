"""The benchmark's quick mode runs end to end on both databases and writes its two files.

Speed itself is never asserted here: it lives in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_benchmark_runs_and_writes_its_report_and_figures(tmp_path):
    report, figures = tmp_path / "benchmarks.md", tmp_path / "benchmarks.json"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick",
                           "--out", str(report), "--json-out", str(figures)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert data["mode"] == "quick"
    assert sorted(data["databases"]) == ["postgresql", "sqlite"]
    for kind, result in data["databases"].items():
        assert result["verify"]["ok"] is True
        assert result["rebuild"]["events"] == result["ledger"]["events"]
        assert result["explain"]["member_month"]["samples"] == 1000
        assert result["explain"]["heavy_member"]["entries"] >= 1000
        assert set(result["ratios"]) >= {"bulk_ingest_vs_batched_insert", "meeting_per_save_vs_small_batch",
                                         "rebuild_vs_fetch_decode_fold", "verify_vs_fetch_hash"}
    text = report.read_text(encoding="utf-8")
    assert "## sqlite" in text and "## postgresql" in text and "| verify (events/s) |" in text
