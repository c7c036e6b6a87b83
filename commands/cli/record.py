"""Commands that record entries, and `reverse`."""

from __future__ import annotations

import click

from commands.cli.common import as_date, as_decimal, as_ids, as_month, command, done, run, write_options


def entry_id_option(fn):
    """--entry-id and --late-reason: every entry takes both."""
    fn = click.option("--late-reason", "late_reason", default=None, metavar="TEXT",
                      help="Required when the entry's month is already closed: why it comes late.")(fn)
    return click.option("--entry-id", "entry_id", default=None, metavar="ID",
                        help="Your id for this entry; repeating the same write with it changes nothing.")(fn)


@click.group()
def record():
    """Record what a member did (or a branch meeting)."""


@record.command("meeting")
@write_options
@click.argument("branch_id")
@click.option("--kind", required=True, type=click.Choice(["assembly", "lecture", "theme_day", "group", "committee"]))
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--attended", callback=as_ids, default="", help="Member ids, comma separated.")
@click.option("--excused", callback=as_ids, default="", help="Member ids excused (请假).")
@click.option("--absent", callback=as_ids, default="", help="Member ids absent without leave.")
@click.option("--entry-id", "--id", "meeting_id", default=None, metavar="ID",
              help="Your id for the meeting; repeating the same write with it changes nothing.")
@click.option("--late-reason", "late_reason", default=None, metavar="TEXT",
              help="Required when the meeting's month is already closed.")
@command
def record_meeting(ledger, as_json, actor, branch_id, kind, on, attended, excused, absent, meeting_id, late_reason):
    """Record a meeting and everyone's attendance in one step.

    Example: starledger record meeting B1 --kind assembly --on 2026-03-05 --attended M001,M002 --absent M003
    """
    from commands.service.models.entry_commands import RecordMeeting
    result = run(ledger, RecordMeeting, actor, branch=branch_id, kind=kind, on=on, attended=attended, excused=excused,
                 absent=absent, entry_id=meeting_id, late_reason=late_reason)
    done(result, as_json, f"recorded meeting {result['meeting_id']} with {len(result['attendance'])} members listed")


@record.command("dues")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--month", callback=as_month, required=True, help="The month the dues are for (YYYY-MM).")
@click.option("--amount", callback=as_decimal, required=True)
@click.option("--paid-on", "paid_on", callback=as_date, required=True)
@command
def record_dues(ledger, as_json, actor, entry_id, late_reason, member_id, month, amount, paid_on):
    """Record dues paid for a month.

    Example: starledger record dues M001 --month 2026-03 --amount 25.50 --paid-on 2026-03-10
    """
    from commands.service.models.entry_commands import RecordDues
    result = run(ledger, RecordDues, actor, member=member_id, month=month, amount=amount, paid_on=paid_on,
                 entry_id=entry_id, late_reason=late_reason)
    done(result, as_json, f"recorded dues {result['entry_id']}")


@record.command("study")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--topic", required=True)
@command
def record_study(ledger, as_json, actor, entry_id, late_reason, member_id, on, topic):
    """Record a study session (学习教育).

    Example: starledger record study M001 --on 2026-03-12 --topic "Party Constitution"
    """
    from commands.service.models.entry_commands import RecordStudy
    result = run(ledger, RecordStudy, actor, member=member_id, on=on, topic=topic, entry_id=entry_id,
                 late_reason=late_reason)
    done(result, as_json, f"recorded study {result['entry_id']}")


@record.command("rating")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--month", callback=as_month, required=True)
@click.option("--score", callback=as_decimal, required=True, help="0 to 10.")
@command
def record_rating(ledger, as_json, actor, entry_id, late_reason, member_id, month, score):
    """Record the branch's monthly work-performance rating (0-10).

    Example: starledger record rating M001 --month 2026-03 --score 8
    """
    from commands.service.models.entry_commands import RecordRating
    result = run(ledger, RecordRating, actor, member=member_id, month=month, score=score, entry_id=entry_id,
                 late_reason=late_reason)
    done(result, as_json, f"recorded rating {result['entry_id']}")


@record.command("duty")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--kind", required=True, type=click.Choice(["vanguard", "volunteer"]))
@command
def record_duty(ledger, as_json, actor, entry_id, late_reason, member_id, on, kind):
    """Record vanguard duty or volunteer service.

    Example: starledger record duty M001 --on 2026-03-15 --kind volunteer
    """
    from commands.service.models.entry_commands import RecordDuty
    result = run(ledger, RecordDuty, actor, member=member_id, on=on, kind=kind, entry_id=entry_id, late_reason=late_reason)
    done(result, as_json, f"recorded duty {result['entry_id']}")


@record.command("commendation")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--title", required=True)
@command
def record_commendation(ledger, as_json, actor, entry_id, late_reason, member_id, on, title):
    """Record a commendation (表扬).

    Example: starledger record commendation M001 --on 2026-03-20 --title "Flood relief"
    """
    from commands.service.models.entry_commands import RecordCommendation
    result = run(ledger, RecordCommendation, actor, member=member_id, on=on, title=title, entry_id=entry_id,
                 late_reason=late_reason)
    done(result, as_json, f"recorded commendation {result['entry_id']}")


@record.command("award")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--level", required=True, type=click.Choice(["branch", "company", "city", "province", "national"]))
@click.option("--title", required=True)
@command
def record_award(ledger, as_json, actor, entry_id, late_reason, member_id, on, level, title):
    """Record an honour or competition prize.

    Example: starledger record award M001 --on 2026-04-01 --level city --title "Model worker"
    """
    from commands.service.models.entry_commands import RecordAward
    result = run(ledger, RecordAward, actor, member=member_id, on=on, level=level, title=title, entry_id=entry_id,
                 late_reason=late_reason)
    done(result, as_json, f"recorded award {result['entry_id']}")


@record.command("violation")
@write_options
@entry_id_option
@click.argument("member_id")
@click.option("--on", "on", callback=as_date, required=True)
@click.option("--reason", required=True)
@click.option("--decision", "decision", required=True, help="Decision reference (文号).")
@click.option("--issued-by", "issued_by", required=True, help="The body that issued the decision.")
@click.option("--evidence", "evidence", default="", help="Evidence reference.")
@command
def record_violation(ledger, as_json, actor, entry_id, late_reason, member_id, on, reason, decision, issued_by, evidence):
    """Record a violation (-20 by the default rule book). For discipline inspectors.

    Example: starledger record violation M001 --on 2026-03-02 --reason "..." --decision "纪检〔2026〕3号" --issued-by "Discipline Committee"
    """
    from commands.service.models.entry_commands import RecordViolation
    result = run(ledger, RecordViolation, actor, member=member_id, on=on, reason=reason, decision=decision,
                 issued_by=issued_by, evidence=evidence, entry_id=entry_id, late_reason=late_reason)
    done(result, as_json, f"recorded violation {result['entry_id']}")


@click.command("reverse")
@write_options
@entry_id_option
@click.argument("target")
@click.option("--reason", required=True)
@command
def reverse(ledger, as_json, actor, entry_id, late_reason, target, reason):
    """Reverse an earlier entry (or a whole meeting). Both stay in the ledger.

    Example: starledger reverse e-1a2b3c4d5e6f7a8b --reason "recorded for the wrong member"
    """
    from commands.service.models.entry_commands import Reverse
    result = run(ledger, Reverse, actor, target=target, reason=reason, entry_id=entry_id, late_reason=late_reason)
    done(result, as_json, f"reversed {target} by entry {result['entry_id']}")


def register(cli: click.Group) -> None:
    cli.add_command(record)
    cli.add_command(reverse)
