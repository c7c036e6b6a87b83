"""Turning benchmark figures into docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

TARGETS = {
    "bulk_ingest_vs_batched_insert": ("bulk ingest / raw batched insert", ">= 0.30", lambda r: r >= 0.30),
    "meeting_per_save_vs_small_batch": ("one meeting per save / raw small batch per commit", ">= 0.30",
                                        lambda r: r >= 0.30),
    "dues_per_save_vs_one_row_commit": ("one dues entry per save / raw one row per commit", "(reported)",
                                        lambda r: True),
    "rebuild_vs_fetch_decode_fold": ("rebuild / raw fetch + decode + fold", ">= 0.40", lambda r: r >= 0.40),
    "verify_vs_fetch_hash": ("verify / raw fetch + hash", ">= 0.30", lambda r: r >= 0.30),
}


def write_report(results: dict, path: Path) -> None:
    m = results["machine"]
    lines = [
        "# Benchmarks", "",
        f"Mode **{results['mode']}**: {results['size']['branches']} branches × "
        f"{results['size']['members_per_branch']} members, {results['size']['months']} months. "
        f"Run on {m['date']}: Python {m['python']}, SQLAlchemy {m['sqlalchemy']}, {m['cpus']} CPUs, {m['platform']}. "
        f"Whole run: {results['seconds']} s.", "",
        "Reproduce: `.venv/bin/python scripts/bench.py` (full) or `--quick`; figures also in `docs/benchmarks.json`.",
        "Every starledger figure is set against the same machine's raw limit measured in the same run.", "",
    ]
    for kind, f in results["databases"].items():
        raw = f["raw"]
        lines += [f"## {kind}", "",
                  f"Ledger: {f['ledger']['events']:,} events, {f['ledger']['entries']:,} entries. "
                  f"This database's part of the run: {f.get('seconds', '?')} s.", "",
                  "| operation | starledger | raw | ratio | target |", "|---|---|---|---|---|"]
        r = f["ratios"]
        rows = [
            ("bulk ingest (entries/s)", f["bulk_ingest"]["per_second"], raw["batched_insert_per_second"],
             "bulk_ingest_vs_batched_insert"),
            (f"one meeting per save (entries/s, {f['meeting_per_save']['entries_per_save']} per save)",
             f["meeting_per_save"]["per_second"], raw["small_batch_per_second"], "meeting_per_save_vs_small_batch"),
            ("one dues entry per save (entries/s)", f["dues_per_save"]["per_second"],
             raw["one_row_per_commit_per_second"], "dues_per_save_vs_one_row_commit"),
            ("rebuild (events/s)", f["rebuild"]["per_second"], raw["fetch_decode_fold_per_second"],
             "rebuild_vs_fetch_decode_fold"),
        ]
        if "verify" in f:
            rows.append(("verify (events/s)", f["verify"]["per_second"], raw["fetch_hash_per_second"],
                         "verify_vs_fetch_hash"))
        for label, ours, theirs, key in rows:
            name, target, met = TARGETS[key]
            verdict = "met" if met(r[key]) else "**missed**"
            lines.append(f"| {label} | {ours:,} | {theirs:,} | {r[key]} | {target}: {verdict} |")
        if raw.get("copy_per_second"):
            lines.append(f"| (raw COPY, rows/s) | | {raw['copy_per_second']:,} | bulk/COPY {r['bulk_ingest_vs_best_raw']} | |")
        e = f["explain"]
        lines += ["", "| explain | p50 ms | p95 ms | p99 ms | target |", "|---|---|---|---|---|",
                  f"| member-month (1,000 random) | {e['member_month']['p50_ms']} | {e['member_month']['p95_ms']} | "
                  f"{e['member_month']['p99_ms']} | p95 <= 5 ms: {'met' if e['member_month']['p95_ms'] <= 5 else '**missed**'} |",
                  f"| member with {e['heavy_member']['entries']:,} entries | {e['heavy_member']['p50_ms']} | "
                  f"{e['heavy_member']['p95_ms']} | {e['heavy_member']['p99_ms']} | p95 <= 20 ms: "
                  f"{'met' if e['heavy_member']['p95_ms'] <= 20 else '**missed**'} |"]
        if "branch_month" in e:
            b = e["branch_month"]
            lines.append(f"| branch-month | {b['p50_ms']} | {b['p95_ms']} | {b['p99_ms']} | (reported) |")
        lines.append("")
    # Hand-written notes, and the sections the other benchmark scripts write (start-up, HTTP, pages).
    for extra in ("benchmarks-notes.md", "benchmarks-startup.md", "benchmarks-http.md", "benchmarks-web.md"):
        if path.with_name(extra).exists():
            lines += [path.with_name(extra).read_text(encoding="utf-8")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
