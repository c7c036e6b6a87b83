"""What a printed statement says: a member's month or year, a branch's month, and the month's 公示
notice. Each is built from the queries the CLI answers with, as of one moment, so building it
again from the same ledger as of the same moment gives the same figures: that is how
`verify-export` checks a printed PDF.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from commands.files.pdf_document import Section, Statement
from commands.files.pdf_labels import (
    CATEGORIES, DIMENSIONS, ENTRY_KINDS, GRADES, PARTS, STEPS, TIERS, flags, label,
)
from commands.store.chain import chain
from ledger.dates import months_between
from ledger.errors import NotFound
from ledger.ids import shown_id
from ledger.rule_book_content import PARTS as PART_IDS
from projections import queries, tables as t
from projections.branch_explain import explain_branch_month
from projections.events import as_utc, utc_naive
from projections.export_rows import branch_rows, member_rows
from projections.seal import month_digest


def two(value: Any) -> str:
    return f"{float(value) + 0.0:.2f}"  # + 0.0: never "-0.00"


def provenance(conn: Connection, months: list[str], as_of: datetime, position: int) -> list[tuple[str, str]]:
    """The seal (or the chain head and "not sealed"), the event range and the rule-book versions."""
    seals, first, last, counted, books = [], [], [], 0, set()
    for month in months:
        close = conn.execute(select(t.month_closes).where(t.month_closes.c.month == month)).first()
        if close is not None and close.seal_digest and as_utc(close.sealed_at) <= as_of:
            seals.append(f"{month} {close.seal_digest}" if len(months) > 1 else close.seal_digest)
        digest = month_digest(conn, month, as_of)
        counted += digest["entries"]
        books.update(digest["rule_books"])
        if digest["entries"]:
            first.append(digest["first_position"])
            last.append(digest["last_position"])
    head = conn.execute(select(chain.c.chain_hash).where(chain.c.notification_id == position)).scalar()
    return [
        ("封存摘要", "; ".join(seals) if len(seals) == len(months) else "not sealed"),
        ("链头", f"{position} {head or 'missing'}"),
        ("事件范围", f"{min(first)}-{max(last)}" if first else "0-0"),
        ("计入记录", str(counted)),
        ("规则版本", ", ".join(sorted(books))),
        ("截至", as_of.isoformat()),
    ]


def _member_lines(explained: dict) -> list[list[str]]:
    return [[line["entry_id"], label(ENTRY_KINDS, line["kind"]), line["occurred_on"],
             line["rule"].split("/", 1)[0], line["clause"] or line["rule"].split("/", 1)[-1], two(line["points"]),
             flags(line["capped"], line["reversed"], line["late"])] for line in explained["lines"]]


def member_statement(conn: Connection, member_id: str, period: str, as_of: datetime, position: int,
                     current_month: str) -> Statement:
    member = queries.require_member(conn, member_id, as_of)
    if len(period) == 4:
        joined = f"{member.joined_on.year:04d}-{member.joined_on.month:02d}"
        months = months_between(max(f"{period}-01", joined), min(f"{period}-12", current_month))
    else:
        months = [period]
    parts = {part: 0.0 for part in PART_IDS}
    lines, totals = [], []
    for month in months:
        explained = queries.explain_member_month(conn, member_id, month, as_of)
        for part in PART_IDS:
            parts[part] += explained["parts"][part]
        totals.append([month, two(explained["total"]), explained["rule_book"]])
        lines += _member_lines(explained)
    total = sum(parts.values())
    sections = [Section("分项得分", ["分项", "得分"], [40, 30],
                        [[label(PARTS, part), two(parts[part])] for part in PART_IDS] + [["合计", two(total)]])]
    if len(months) > 1:
        sections.append(Section("各月得分", ["月份", "得分", "规则版本"], [30, 30, 60], totals))
    sections.append(Section("积分明细", ["记录编号", "类型", "日期", "规则版本", "条款", "分值", "标记"],
                            [42, 26, 20, 22, 36, 14, 20], lines))
    when = f"{period}年" if len(period) == 4 else f"{period[:4]}年{int(period[5:])}月"
    return Statement("member", member_id, period, as_of.isoformat(), position, f"党员积分明细 · {member.name}（{member_id}）· {when}",
                     provenance(conn, months, as_of, position), sections,
                     ["标记：封顶 = 超过当月上限不计分；已冲销 = 该记录已被冲销，不计分；补录 = 关账后补录。"])


def branch_statement(conn: Connection, branch_id: str, month: str, as_of: datetime, position: int,
                     current_month: str) -> Statement:
    branch = queries.require_branch(conn, branch_id, as_of)
    e = explain_branch_month(conn, branch_id, month, current_month, as_of)
    dims = [[label(DIMENSIONS, name), two(d["points"]), two(d["max"]),
             "自动计算" if d["source"] == "auto" else f"{label(STEPS, d['step'] or '')} {d['given_by'] or '未评'}"]
            for name, d in e["dimensions"].items()]
    steps = [[label(STEPS, s["step"]), two(s["organisation"]), two(s["leadership"]), two(s["support"]),
              two(s["bonus"]), s["actor"], s["recorded_at"][:10]] for s in e["assessment"]["steps"]]
    cuts = [[d["entry_id"], "扣分", two(-d["points"]), d["clause"], d["reason"], "已冲销" if d["reversed"] else ""]
            for d in e["deductions"]["entries"]]
    cuts += [[v["entry_id"], "否决", "0.00", v["clause"], v["reason"], "已冲销" if v["reversed"] else ""]
             for v in e["vetoes"]]
    dimensions = sum((Fraction(d["exact"]) for d in e["dimensions"].values()), Fraction(0))
    result = [["维度合计", two(dimensions)], ["加分", two(e["bonus"])], ["扣分", two(-e["deductions"]["points"])],
              ["总分", two(e["total"])], ["星级", f"{e['stars']['after']}"], ["梯队", label(TIERS, e["tier"])],
              ["等级", label(GRADES, e["grade"])], ["类别内排名", str(e["rank"])],
              ["状态", "暂定（未终审）" if e["provisional"] else "终审"]]
    sections = [Section("六个维度", ["维度", "得分", "满分", "来源"], [40, 25, 25, 90], dims),
                Section("评审步骤", ["步骤", "组织建设", "班子建设", "工作保障", "加分", "评审人", "日期"],
                        [30, 22, 22, 22, 18, 40, 26], steps),
                Section("扣分与否决", ["记录编号", "类型", "分值", "条款", "事由", "状态"], [34, 16, 18, 40, 52, 20], cuts),
                Section("结果", ["项目", "结果"], [40, 60], result)]
    title = f"党支部考评 · {branch.name}（{branch_id}）· {month[:4]}年{int(month[5:])}月 · {label(CATEGORIES, e['category'])}"
    return Statement("branch", branch_id, month, as_of.isoformat(), position, title,
                     provenance(conn, [month], as_of, position), sections,
                     [f"星级：由总分定 {e['stars']['from_score']} 星，最终 {e['stars']['after']} 星"
                      + (f"（{'；'.join(e['stars']['reasons'])}）" if e["stars"]["reasons"] else "") + "。"])


def _under(conn: Connection, unit: str | None) -> set[str] | None:
    """The branch ids under a unit (at any depth), or None for every branch."""
    if unit is None:
        return None
    units = dict(conn.execute(select(t.units.c.unit_id, t.units.c.parent_id)).all())
    if unit not in units:
        raise NotFound(f"no unit with id '{shown_id(unit)}'")

    def inside(parent: str | None) -> bool:
        while parent is not None:
            if parent == unit:
                return True
            parent = units.get(parent)
        return False
    return {b for b, parent in conn.execute(select(t.branches.c.branch_id, t.branches.c.parent_id)) if inside(parent)}


def notice(conn: Connection, month: str, unit: str | None, as_of: datetime, position: int) -> Statement:
    scope = _under(conn, unit)
    names = dict(conn.execute(select(t.branches.c.branch_id, t.branches.c.name)).all())
    branches = [row for row in branch_rows(conn, month, as_of) if scope is None or row["branch"] in scope]
    sections = []
    for category in sorted({row["category"] for row in branches}):
        sections.append(Section(f"党支部得分与星级 · {label(CATEGORIES, category)}",
                                ["支部编号", "支部名称", "总分", "星级", "等级", "类别内排名"], [28, 62, 22, 18, 22, 28],
                                [[r["branch"], names.get(r["branch"], ""), two(r["total"]), str(r["stars"]),
                                  label(GRADES, r["grade"]), str(r["rank"])]
                                 for r in branches if r["category"] == category]))
    members = [row for row in member_rows(conn, month, as_of) if scope is None or row["branch"] in scope]
    sections.append(Section("党员积分", ["党员编号", "姓名", "支部", *[label(PARTS, p) for p in PART_IDS], "合计"],
                            [24, 28, 20, 22, 22, 22, 20, 22],
                            [[r["member"], r["name"], r["branch"], *[two(r[p]) for p in PART_IDS], two(r["total"])]
                             for r in members]))
    close = conn.execute(select(t.month_closes).where(t.month_closes.c.month == month)).first()
    if close is not None:
        ends = close.closed_on + timedelta(days=close.notice_days - 1)  # the last day objections are taken
        window = f"公示期：{close.closed_on.isoformat()} 至 {ends.isoformat()}（{close.notice_days} 天）。"
    else:
        window = "公示期：本月尚未关账发布，公示期自党委关账发布之日起计算。"
    notes = ["如对公示的积分或星级有异议，请在公示期内以书面形式向党委（组织部）提出，写明所涉党员或支部、"
             "异议内容和依据；也可由党务工作人员登记：starledger objection file --month "
             f"{month} --subject 编号 --reason 理由。公示期满且异议处理完毕后，本月结果封存。"]
    where = f" · {unit}" if unit else ""
    return Statement("notice", unit or "all", month, as_of.isoformat(), position,
                     f"{month[:4]}年{int(month[5:])}月 党员积分与党支部星级公示{where}",
                     provenance(conn, [month], as_of, position), sections, notes, [window])


def build(conn: Connection, kind: str, subject: str, period: str, as_of: datetime, position: int,
          current_month: str) -> Statement:
    """The statement of a kind, as of a moment: printing and verifying both come through here."""
    as_of = as_utc(utc_naive(as_of))
    if kind == "member":
        return member_statement(conn, subject, period, as_of, position, current_month)
    if kind == "branch":
        return branch_statement(conn, subject, period, as_of, position, current_month)
    return notice(conn, period, None if subject == "all" else subject, as_of, position)
