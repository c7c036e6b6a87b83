"""An upload by a user with a scope: every row's command is put to the access policy
(`row_checks`), the same check its own route makes; a refused row is a bad row, named in
Chinese, and nothing of the file is written."""

from __future__ import annotations

from commands.files.sheet_import import import_sheet
from commands.service.access.command_checks import row_checks
from tests.builders import event_count
from tests.files.sheets import filled


def upload(org, user_name, sheet, path):
    user = org.find_user(user_name)
    with row_checks(org, user) as check:
        return import_sheet(org, sheet, path, user.label, check=check)


def test_a_meeting_of_another_branch_and_a_roster_row_outside_the_scope_are_refused(org, tmp_path):
    org.add_user("sec-b2", "secretary", "B2", "admin")
    org.add_user("admin-b", "admin", "G1", "admin")
    meeting = [{"会议编号": "MT-1", "党支部编号": "B1", "会议类型": "党小组会", "日期": "2026-03-03",
                "党员编号": member, "出勤": "出席"} for member in ("M1", "M2")]
    roster = [{"党员编号": "M8", "姓名": "王五", "党支部编号": "B1", "加入日期": "2026-01-05", "党员类别": "正式党员"},
              {"党员编号": "M9", "姓名": "赵六", "党支部编号": "B9", "加入日期": "2026-01-05", "党员类别": "正式党员"}]
    before = event_count(org)
    met = upload(org, "sec-b2", "meetings", filled(tmp_path, "meetings", meeting))
    listed = upload(org, "admin-b", "roster", filled(tmp_path, "roster", roster))
    assert met["errors"] == [
        {"row": 2, "column": "党支部编号", "message": "党支部 B1 不存在，请先建立该支部"},
        {"row": 3, "column": "会议编号", "message": "本会议第 2 行有错，整场会议未导入"}]
    assert listed["errors"] == [{"row": 3, "column": "党支部编号", "message": "党支部 B9 不存在，请先建立该支部"}]
    assert event_count(org) == before


def test_a_secretary_cannot_import_a_roster_nor_a_violation(org, tmp_path):
    org.add_user("sec-b1", "secretary", "B1", "admin")
    roster = [{"党员编号": "M8", "姓名": "王五", "党支部编号": "B1", "加入日期": "2026-01-05", "党员类别": "正式党员"}]
    violation = [{"党员编号": "M1", "类型": "违纪违规", "日期": "2026-03-05", "内容": "违规", "文号": "纪〔2026〕1号",
                  "发文单位": "纪委"}]
    before = event_count(org)
    assert upload(org, "sec-b1", "roster", filled(tmp_path, "roster", roster))["errors"] == [
        {"row": 2, "column": "党员编号", "message": "您的角色不能记录这一行"}]
    assert upload(org, "sec-b1", "entries", filled(tmp_path, "entries", violation))["errors"] == [
        {"row": 2, "column": "类型", "message": "您的角色不能记录这一行"}]
    assert event_count(org) == before
