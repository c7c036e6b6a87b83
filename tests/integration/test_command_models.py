"""The one door: every write is a command model that `execute` runs and can preview; every read
is a query model that `ask` answers with its result model."""

from __future__ import annotations

from datetime import date

import pytest

from commands.service.models.entry_commands import RecordDues, RecordStudy
from commands.service.models.model_base import COMMANDS, InvalidInput, build
from commands.service.queries.audit_queries import History, Verify
from commands.service.queries.member_queries import ExplainMember, MemberExplanation, MemberScore
from tests.builders import ledger_fingerprint

# One valid example of every registered command, on the small organisation prepared below.
EXAMPLES: dict[str, dict] = {
    "record meeting": dict(branch="B1", kind="assembly", on="2026-03-05", attended=["M1", "M2"], absent=["M3"]),
    "record dues": dict(member="M1", month="2026-03", amount="25.50", paid_on="2026-03-10"),
    "record study": dict(member="M1", on="2026-03-12", topic="党章学习"),
    "record rating": dict(member="M1", month="2026-03", score="8"),
    "record duty": dict(member="M1", on="2026-03-15", kind="volunteer"),
    "record commendation": dict(member="M1", on="2026-03-20", title="抗洪抢险"),
    "record award": dict(member="M1", on="2026-04-01", level="city", title="劳动模范"),
    "record violation": dict(member="M2", on="2026-03-02", reason="违反工作纪律", decision="纪检〔2026〕3号",
                             issued_by="纪委"),
    "reverse": dict(target="S0", reason="recorded twice"),
    "unit add": dict(unit="G2", name="第二党总支", kind="general_branch", parent="C1"),
    "branch add": dict(branch="B3", name="第三党支部", category="production", parent="G1", established="2024-01-01"),
    "member add": dict(member="M9", name="李华", branch="B1", joined="2025-01-01"),
    "member transfer": dict(member="M5", to="B2", on="2026-05-01"),
    "member status": dict(member="M4", to="probationary", on="2026-05-01"),
    "branch secretary": dict(branch="B1", member="M1", since="2026-01-01", full_time=True),
    "assess": dict(branch="B1", month="2026-03", step="self", organisation="9", leadership="18", support="14"),
    "record branch-deduction": dict(branch="B1", month="2026-03", points="2", clause="扣分项目 3", reason="逾期报送"),
    "record veto": dict(branch="B1", month="2026-03", clause="否决专项", reason="安全事故"),
    "appeal file": dict(entry_id="V1", reason="不是我"),
    "appeal decide": dict(appeal_id="A0", decision="revoke", reason="证据不足"),
    "close": dict(month="2026-06", notice_days=5),
    "objection file": dict(month="2026-02", subject="M1", reason="分数有误"),
    "objection resolve": dict(objection_id="O0", reason="已核实"),
    "seal": dict(month="2026-01"),
    "rules publish": dict(effective="2027-01-01"),
    "user add": dict(name="wang", role="secretary", scope="B1"),
    "user role": dict(name="li", role="member", scope="M3"),
    "user password": dict(name="li", password="long enough"),
    "user revoke": dict(name="li", reason="left"),
    "user token": dict(name="li", days=30),
    "user revoke-token": dict(name="li", token_id="LI_TOKEN"),
}


@pytest.fixture
def prepared(org):
    """The small organisation with an entry, a violation under appeal, an objection, a month
    closed long ago (to seal) and one closed yesterday (its notice window open)."""
    org.record_study("M1", date(2026, 3, 1), "x", "sec", entry_id="S0")
    org.record_violation("M1", date(2026, 3, 3), "迟到", "纪检〔2026〕1号", "纪委", "insp", entry_id="V0")
    org.file_appeal("V0", "申诉", "M1", appeal_id="A0")
    org.record_violation("M3", date(2026, 3, 4), "早退", "纪检〔2026〕2号", "纪委", "insp", entry_id="V1")
    org.close_month("2026-01", 0, "committee")
    org.close_month("2026-02", 30, "committee")
    objection = org.file_objection("2026-02", "M2", "有误", "M2")
    org.add_user("li", "member", "M2", "root")
    return org, objection["objection_id"]


def test_every_registered_command_has_an_example_here():
    assert sorted(EXAMPLES) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_command_previews_and_writes_nothing(prepared, name):
    ledger, objection_id = prepared
    fields = dict(EXAMPLES[name])
    if name == "objection resolve":
        fields["objection_id"] = objection_id
    if name == "user revoke-token":
        fields["token_id"] = ledger.list_tokens("li")[0]["token_id"]
    if name == "rules publish":
        fields["body"] = ledger.rule_book_in_force(date(2026, 11, 1)).model_copy(update={"version": "trial-2027"})
    command = build(COMMANDS[name], fields)
    before = ledger_fingerprint(ledger)
    outcome = ledger.execute(command, "tester", dry_run=True)
    assert outcome["dry_run"] is True and "would_record" in outcome and isinstance(outcome["changes"], list)
    assert ledger_fingerprint(ledger) == before


def test_a_previewed_command_then_executed_changes_exactly_what_the_preview_said(prepared):
    ledger, _ = prepared
    command = RecordDues(member="M4", month="2026-03", amount="30", paid_on="2026-03-10")
    preview = ledger.execute(command, "sec", dry_run=True)
    assert [(c["figure"], c["subject_id"], c["old"], c["new"]) for c in preview["changes"]
            if c["figure"] == "member_month"] == [("member_month", "M4", 0.0, 2.0)]
    ledger.execute(command, "sec")
    score = ledger.ask(MemberScore(member="M4", month="2026-03"))
    assert (score.total, score.parts["obligations"]) == (2.0, 2.0)


@pytest.mark.parametrize("fields, message", [
    (dict(amount="25.555"), "field 'amount': '25.555' has more than two decimals"),
    (dict(amount="1e3"), "field 'amount': '1e3' must be written as a plain number, like 25.50"),
    (dict(amount="2000000"), "field 'amount': 2000000 is too large: at most 1000000 is accepted"),
    (dict(month="2026-13"), "month '2026-13' is not a month"),
    (dict(paid_on="yesterday"), "field 'paid_on':"),
    (dict(late_reason="x" * 2001), "field 'late_reason': is 2001 characters long; at most 2000 are allowed"),
    (dict(colour="red"), "field 'colour': is not a field of this command"),
    (dict(amount="1" * 30), "field 'amount': '111111111111111111111111111111' is too large"),
    (dict(member="M\x001"), "field 'member': must not contain the NUL character"),
    (dict(entry_id="e\x00"), "field 'entry_id': must not contain the NUL character"),
])
def test_a_value_that_does_not_fit_is_refused_naming_the_field(fields, message):
    good = dict(member="M1", month="2026-03", amount="25", paid_on="2026-03-10")
    with pytest.raises(InvalidInput) as refused:
        build(RecordDues, {**good, **fields})
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("topic", ["", "   ", "\t\n"])
def test_a_blank_text_is_refused(topic):
    with pytest.raises(InvalidInput, match="^field 'topic': must not be empty$"):
        build(RecordStudy, dict(member="M1", on="2026-03-01", topic=topic))


def test_an_empty_actor_is_refused_and_nothing_is_written(prepared):
    ledger, _ = prepared
    before = ledger_fingerprint(ledger)
    with pytest.raises(InvalidInput, match="who records this must be named"):
        ledger.execute(RecordStudy(member="M1", on="2026-03-02", topic="x"), "  ")
    assert ledger_fingerprint(ledger) == before


def test_ask_answers_with_result_models_whose_json_is_the_cli_json(prepared):
    ledger, _ = prepared
    explained = ledger.ask(ExplainMember(member="M1", month="2026-03"))
    assert isinstance(explained, MemberExplanation)
    assert [(line.entry_id, line.points) for line in explained.lines] == [("S0", 1.0), ("V0", -20.0)]
    assert explained.total == -19.0
    assert ledger.ask(History(key="V0")).model_dump(mode="json")["kind"] == "entry"
    assert ledger.ask(Verify()).model_dump(mode="json")["ok"] is True
