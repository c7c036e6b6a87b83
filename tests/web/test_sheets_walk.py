"""The spreadsheet upload: a secretary downloads the empty template, uploads it filled in, sees
what it would write, saves, and the members' points change. Refused rows are listed with their
row numbers and reasons in Chinese, a bad file gets one plain line, and nothing is written."""

from __future__ import annotations

import os

from openpyxl import load_workbook
from playwright.sync_api import expect

from commands.files.sheet_layout import LAYOUTS
from commands.service.ledger import open_ledger
from tests.builders import event_count
from tests.files.sheets import filled
from tests.web.conftest import log_in, shoot

PREVIEW = "section[aria-labelledby='preview-title']"


def entry(member, kind, **cells):
    return {"党员编号": member, "类型": kind, **cells}


def test_a_secretary_uploads_entries_previews_them_and_saves(site, page, tmp_path):
    log_in(page, site, "wangfang")
    page.get_by_role("link", name="导入表格").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载空白模板：党员积分记录").click()
    download.value.save_as(tmp_path / "template.xlsx")
    template = load_workbook(tmp_path / "template.xlsx")
    assert [cell.value for cell in template.worksheets[0][1]] == LAYOUTS["entries"].headers

    sheet = filled(tmp_path, "entries", [entry("M2", "学习教育", 日期="2026-11-05", 内容="学习党章"),
                                         entry("M2", "表扬", 日期="2026-11-06", 内容="抢修表扬")], "十一月.xlsx")
    page.get_by_label("表格类型").select_option("entries")
    page.get_by_label("文件（.xlsx）").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("status")).to_have_text("共 2 行：保存后将写入 2 行（尚未保存）。")
    expect(page.locator(PREVIEW).get_by_role("row").filter(has_text="M2")).to_contain_text("+4.00")
    shoot(page, "secretary-sheet-preview")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已导入“十一月.xlsx”：写入 2 行，0 行已在台账中未重复写入。")
    page.goto(f"{site}/branches/B1?month=2026-11")
    member_2 = page.locator("tr", has=page.get_by_role("link", name="M2", exact=True))
    expect(member_2.locator("td.num")).to_have_text("4.00")


def test_refused_rows_are_listed_by_row_number_and_nothing_is_written(site, site_db, page, tmp_path):
    log_in(page, site, "wangfang", "/sheets")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    sheet = filled(tmp_path, "entries", [
        entry("M1", "学习教育", 日期="2026-11-05", 内容="学习党章"),
        entry("M6", "学习教育", 日期="2026-11-05", 内容="学习党章"),  # B2's member: outside the scope
        entry("M3", "违纪违规", 日期="2026-11-05", 内容="违规收受礼金", 文号="纪〔2026〕3号", 发文单位="纪委"),
        entry("M1", "学习教育", 日期="2026-12-01", 内容="学习党章"),  # after today
    ])
    page.get_by_label("文件（.xlsx）").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("alert").first).to_have_text("共 4 行，其中 3 行有错，没有写入任何内容。请改正后重新上传。")
    rows = page.locator("section[aria-labelledby='result-title'] tbody tr")
    expect(rows).to_have_text([
        "第 3 行党员编号台账中没有党员 M6",
        "第 4 行类型您的角色不能记录这一行",
        "第 5 行日期2026-12-01 晚于今天（2026-11-21）",
    ])
    expect(page.get_by_role("button", name="保存")).to_have_count(0)
    shoot(page, "secretary-sheet-refused")
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_a_bad_file_gets_one_plain_line_and_nothing_is_written(site, site_db, page, tmp_path):
    log_in(page, site, "wangfang", "/sheets")
    with open_ledger(site_db) as ledger:
        before = event_count(ledger)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(4096))
    csv = tmp_path / "名册.csv"
    csv.write_text("党员编号,姓名\nM1,张三\n", encoding="utf-8")
    roster = filled(tmp_path, "roster", [{"党员编号": "M8", "姓名": "王五", "党支部编号": "B1",
                                          "加入日期": "2026-01-05", "党员类别": "正式党员"}], "wrong.xlsx")
    for path, said in (
            (junk, "“junk.xlsx”不是可以读取的 .xlsx 工作簿，没有写入任何内容。"),
            (csv, "“名册.csv”不是 .xlsx 文件，请上传 Excel 工作簿。"),
            (roster, "“wrong.xlsx”第 1 行缺少列：类型。请使用空白模板，没有写入任何内容。")):
        page.get_by_label("表格类型").select_option("entries")
        page.get_by_label("文件（.xlsx）").set_input_files(path)
        page.get_by_role("button", name="上传并预览").click()
        expect(page.locator(".field", has=page.get_by_label("文件（.xlsx）")).locator(".error")).to_have_text(said)
    with open_ledger(site_db) as ledger:
        assert event_count(ledger) == before


def test_the_admin_uploads_a_roster_and_the_member_joins_the_branch(site, page, tmp_path):
    log_in(page, site, "admin1", "/sheets")
    expect(page.get_by_label("表格类型").locator("option")).to_have_text(["党员名册"])
    roster = filled(tmp_path, "roster", [{"党员编号": "M8", "姓名": "王五", "党支部编号": "B2",
                                          "加入日期": "2026-01-05", "党员类别": "预备党员"}])
    page.get_by_label("文件（.xlsx）").set_input_files(roster)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("status")).to_have_text("共 1 行：保存后将写入 1 行（尚未保存）。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已导入“roster.xlsx”：写入 1 行，0 行已在台账中未重复写入。")
    page.goto(f"{site}/branches/B2?month=2026-11")
    expect(page.get_by_role("row").filter(has_text="王五")).to_contain_text("预备党员")
