"""`starledger template`: the exact headers, drop-down lists, date formats and the 填写说明 sheet."""

from __future__ import annotations

from openpyxl import load_workbook

from commands.files.sheet_layout import LAYOUTS
from commands.files.sheet_templates import write_template


def test_each_template_has_the_issue_headers_dropdowns_dates_and_a_guide(tmp_path):
    expected = {
        "roster": ["党员编号", "姓名", "党支部编号", "加入日期", "党员类别"],
        "entries": ["记录编号", "党员编号", "类型", "日期", "所属月份", "金额", "分值", "级别", "内容", "文号",
                    "发文单位", "证据"],
        "meetings": ["会议编号", "党支部编号", "会议类型", "日期", "党员编号", "出勤"],
    }
    dropdowns = {
        "roster": {"E2:E1048576": '"正式党员,预备党员"'},
        "entries": {"C2:C1048576": '"党费,学习教育,月度评价,示范岗志愿服务,表扬,荣誉奖项,违纪违规"',
                    "H2:H1048576": '"支部,公司,市级,省级,国家级"'},
        "meetings": {"C2:C1048576": '"党员大会,党课,主题党日,党小组会,支委会"', "F2:F1048576": '"出席,请假,缺席"'},
    }
    dates = {"roster": ["D"], "entries": ["D"], "meetings": ["D"]}
    for sheet, headers in expected.items():
        path = tmp_path / f"{sheet}.xlsx"
        write_template(LAYOUTS[sheet], path)
        book = load_workbook(path)
        main = book.worksheets[0]
        assert [cell.value for cell in main[1]] == headers
        assert {str(v.sqref): v.formula1 for v in main.data_validations.dataValidation} == dropdowns[sheet]
        for letter in dates[sheet]:
            assert main.column_dimensions[letter].number_format == "yyyy-mm-dd"
        assert book.sheetnames[1] == "填写说明"
        guide = [row[0] for row in book["填写说明"].iter_rows(min_row=2, values_only=True) if row[0]]
        assert guide == headers
    assert load_workbook(tmp_path / "entries.xlsx").worksheets[0].column_dimensions["E"].number_format == "@"
