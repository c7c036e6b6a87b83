"""Importing filled-in sheets (SQLite and PostgreSQL): exact figures, every kind of bad row named
in Chinese with nothing written, --skip-bad, and a re-import that writes nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from commands.files.sheet_import import import_sheet
from projections import queries
from tests.builders import event_count
from tests.files.sheets import filled, sheet_values


def entry(member, kind, **cells):
    return {"党员编号": member, "类型": kind, **cells}


GOOD = [
    entry("M1", "党费", 日期=datetime(2026, 3, 10), 所属月份="2026-03", 金额=25),
    entry("M1", "学习教育", 日期="2026-03-04", 内容="学习党章"),
    entry("M1", "学习教育", 日期="2026-03-04", 内容="学习党章"),  # identical: a second session
    entry("M1", "月度评价", 所属月份="2026-03", 分值=7.5),
    entry("M2", "示范岗志愿服务", 日期="2026-03-05", 内容="志愿服务"),
    entry("M2", "荣誉奖项", 日期="2026-03-06", 级别="市级", 内容="优秀共产党员"),
    entry("M2", "表扬", 日期="2026-03-07", 内容="抢修表扬"),
    entry("M3", "违纪违规", 日期="2026-03-08", 内容="违规收受礼金", 文号="纪〔2026〕3号", 发文单位="纪委",
          记录编号="V-1"),
]


def totals(org, month="2026-03"):
    with org.reading() as conn:
        return {m: queries.member_month_score(conn, m, month)["total"] for m in ("M1", "M2", "M3")}


def test_a_filled_template_imports_with_exact_figures_and_a_second_import_writes_nothing(org, tmp_path):
    path = filled(tmp_path, "entries", GOOD)
    assert import_sheet(org, "entries", path, "sec") == {
        "imported": 8, "skipped": 0, "errors": [], "rows": 8, "written": True, "errors_file": None}
    # M1: dues 2 + two studies 2 + rating 7.5; M2: volunteer 2 + city award 10 + commendation 3; M3: -20
    assert totals(org) == {"M1": 11.5, "M2": 15.0, "M3": -20.0}
    before = event_count(org)
    again = import_sheet(org, "entries", path, "sec")
    assert (again["imported"], again["skipped"], again["errors"]) == (0, 8, [])
    assert event_count(org) == before
    assert totals(org) == {"M1": 11.5, "M2": 15.0, "M3": -20.0}


BAD = [
    (entry("M9", "表扬", 日期="2026-03-05", 内容="x"), "党员编号", "台账中没有党员 M9"),
    (entry("M1", "学习教育", 日期="2026-13-05", 内容="x"), "日期", "“2026-13-05”不是日期，请写成 YYYY-MM-DD 或使用 Excel 日期"),
    (entry("M1", "开会", 日期="2026-03-05"), "类型",
     "“开会”不是可选值，只能是党费、学习教育、月度评价、示范岗志愿服务、表扬、荣誉奖项、违纪违规"),
    (entry("M1", "党费", 日期="2026-03-05", 所属月份="2026-03", 金额="abc"), "金额", "“abc”不是数字"),
    (entry("M1", "月度评价", 所属月份="2026-03", 分值=11), "分值", "11 超出 0–10"),
    (entry("M1", "学习教育", 日期="2026-03-05"), "内容", "不能为空（学习教育须填写学习主题）"),
    (entry("M1", "表扬", 日期="2027-01-05", 内容="x"), "日期", "2027-01-05 晚于今天（2026-11-21）"),
    (entry("M1", "表扬", 日期="2024-12-05", 内容="x"), "日期", "党员 M1 于 2025-01-01 加入，2024-12-05 早于加入日期"),
    (entry("M1", "学习教育", 日期="2026-03-05", 内容="x", 记录编号="S-1"), "记录编号", "S-1 与第 2 行重复"),
    (entry("M1", "示范岗志愿服务", 日期="2026-03-05", 内容="值班"), "内容", "示范岗志愿服务须写明“示范岗”或“志愿服务”（只写其一）"),
    (entry("M1", "荣誉奖项", 日期="2026-03-05", 内容="先进"), "级别", "不能为空（荣誉奖项须选择级别）"),
    (entry("M1", "党费", 日期="2026-03-05", 所属月份="2026-3", 金额=20), "所属月份", "“2026-3”不是月份，请写成 YYYY-MM"),
    (entry("M1", "违纪违规", 日期="2026-03-05", 内容="x", 发文单位="纪委"), "文号", "不能为空（违纪违规须填写处理决定文号）"),
]


@pytest.mark.parametrize("bad, column, message", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_a_bad_row_is_named_in_chinese_listed_in_the_errors_file_and_nothing_is_written(org, tmp_path, bad, column,
                                                                                       message):
    good = entry("M1", "学习教育", 日期="2026-03-04", 内容="学习党章", 记录编号="S-1")
    path = filled(tmp_path, "entries", [good, bad])
    before = event_count(org)
    result = import_sheet(org, "entries", path, "sec")
    assert result["errors"] == [{"row": 3, "column": column, "message": message}]
    assert (result["imported"], result["written"]) == (0, False)
    assert event_count(org) == before
    rows = sheet_values(tmp_path / "entries.errors.xlsx")
    assert rows[0][-2:] == ["原行号", "错误"]
    assert len(rows) == 2 and rows[1][1] == bad["党员编号"] and rows[1][-2:] == [3, f"{column}：{message}"]


def test_skip_bad_writes_the_good_rows_and_the_errors_file_lists_the_rest(org, tmp_path):
    path = filled(tmp_path, "entries", [GOOD[0], BAD[0][0], GOOD[1], BAD[1][0]])
    result = import_sheet(org, "entries", path, "sec", skip_bad=True)
    assert (result["imported"], result["skipped"]) == (2, 0)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "党员编号"), (5, "日期")]
    assert [row[-2] for row in sheet_values(tmp_path / "entries.errors.xlsx")[1:]] == [3, 5]
    assert totals(org)["M1"] == 3.0  # dues 2 + one study 1


def test_dry_run_shows_the_impact_and_writes_nothing(org, tmp_path):
    path = filled(tmp_path, "entries", [GOOD[6]])
    before = event_count(org)
    result = import_sheet(org, "entries", path, "sec", dry_run=True)
    assert event_count(org) == before
    changes = [(c["figure"], c["subject_id"], c["old"], c["new"]) for c in result["impact"]["changes"]
               if c["figure"] == "member_month"]
    assert changes == [("member_month", "M2", 0.0, 3.0)]


def test_roster_adds_members_refuses_an_unknown_branch_and_reimports_nothing(org, tmp_path):
    rows = [{"党员编号": "M7", "姓名": "张三", "党支部编号": "B1", "加入日期": "2025-06-01", "党员类别": "预备党员"},
            {"党员编号": "M8", "姓名": "李四", "党支部编号": "B9", "加入日期": "2025-06-01", "党员类别": "正式党员"}]
    path = filled(tmp_path, "roster", rows)
    before = event_count(org)
    result = import_sheet(org, "roster", path, "sec")
    assert result["errors"] == [{"row": 3, "column": "党支部编号", "message": "党支部 B9 不存在，请先建立该支部"}]
    assert event_count(org) == before
    rows[1]["党支部编号"] = "B2"
    path = filled(tmp_path, "roster", rows)
    assert import_sheet(org, "roster", path, "sec")["imported"] == 2
    with org.reading() as conn:
        assert queries.require_member(conn, "M7").name == "张三"
    after = event_count(org)
    assert import_sheet(org, "roster", path, "sec")["skipped"] == 2
    assert event_count(org) == after


def test_meeting_rows_form_one_meeting_and_a_bad_line_keeps_the_whole_meeting_out(org, tmp_path):
    def line(member, attendance, meeting="MT-1"):
        return {"会议编号": meeting, "党支部编号": "B1", "会议类型": "主题党日", "日期": "2026-03-03",
                "党员编号": member, "出勤": attendance}
    path = filled(tmp_path, "meetings", [line("M1", "出席"), line("M2", "缺席"), line("M6", "出席"),
                                         line("M3", "出席", "MT-2")])
    result = import_sheet(org, "meetings", path, "sec", skip_bad=True)
    assert result["errors"] == [
        {"row": 2, "column": "会议编号", "message": "本会议第 4 行有错，整场会议未导入"},
        {"row": 3, "column": "会议编号", "message": "本会议第 4 行有错，整场会议未导入"},
        {"row": 4, "column": "党员编号", "message": "党员 M6 在 2026-03-03 不是支部 B1 的党员"}]
    assert result["imported"] == 1
    assert totals(org) == {"M1": 0.0, "M2": 0.0, "M3": 2.0}
    path = filled(tmp_path, "meetings", [line("M1", "出席"), line("M2", "缺席"), line("M3", "出席", "MT-2")])
    assert (import_sheet(org, "meetings", path, "sec")["imported"], totals(org)) == (2, {"M1": 2.0, "M2": -2.0, "M3": 2.0})


@pytest.mark.slow
def test_ten_thousand_rows_import_in_one_batch(org, tmp_path):
    rows = [entry(f"M{1 + n % 5}", "学习教育", 日期=f"2026-{1 + n // 5 % 10:02d}-{1 + n % 28:02d}", 内容="学习")
            for n in range(10_000)]
    path = filled(tmp_path, "entries", rows)
    result = import_sheet(org, "entries", path, "sec")
    assert (result["imported"], result["errors"]) == (10_000, [])
    with org.reading() as conn:
        assert queries.member_year_score(conn, "M1", "2026", "2026-11")["total"] == 40.0  # capped 4 a month × 10
    before = event_count(org)
    assert import_sheet(org, "entries", path, "sec")["skipped"] == 10_000
    assert event_count(org) == before


def test_a_record_id_or_member_already_in_the_ledger_with_other_content_is_refused(org, tmp_path):
    study = entry("M1", "学习教育", 日期="2026-03-04", 内容="学习党章", 记录编号="S-1")
    import_sheet(org, "entries", filled(tmp_path, "entries", [study]), "sec")
    before = event_count(org)
    changed = import_sheet(org, "entries", filled(tmp_path, "entries", [{**study, "内容": "学习党史"}]), "sec")
    assert changed["errors"] == [{"row": 2, "column": "记录编号", "message": "编号 S-1 已被台账中内容不同的另一条记录使用"}]
    renamed = {"党员编号": "M1", "姓名": "王五", "党支部编号": "B1", "加入日期": "2025-01-01", "党员类别": "正式党员"}
    result = import_sheet(org, "roster", filled(tmp_path, "roster", [renamed]), "sec")
    assert result["errors"] == [{"row": 2, "column": "党员编号",
                                 "message": "党员 M1 已在台账中，且姓名、支部或加入日期与本行不同"}]
    assert event_count(org) == before


def test_meeting_rows_that_disagree_on_the_date_are_named(org, tmp_path):
    rows = [{"会议编号": "MT-1", "党支部编号": "B1", "会议类型": "党课", "日期": day, "党员编号": member, "出勤": "出席"}
            for day, member in (("2026-03-03", "M1"), ("2026-03-04", "M2"))]
    before = event_count(org)
    result = import_sheet(org, "meetings", filled(tmp_path, "meetings", rows), "sec")
    assert result["errors"] == [
        {"row": 2, "column": "会议编号", "message": "本会议第 3 行有错，整场会议未导入"},
        {"row": 3, "column": "日期", "message": "与同一会议第 2 行不同"}]
    assert event_count(org) == before
