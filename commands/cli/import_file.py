"""`starledger import`: many entries from a JSON Lines file, or a roster, entries or meetings
spreadsheet; all or nothing. `starledger template`: the empty spreadsheets to fill in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.cli.common import by_option, command, db_option, done, json_option, print_impact, print_json, print_table
from commands.files.sheet_layout import LAYOUTS

SHEETS = tuple(LAYOUTS)


def _jsonl(ledger, as_json, actor, preview, file: Path) -> None:
    from commands.files.jsonl_import import NotText, import_lines, text_lines
    from rich.progress import Progress
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        raise click.BadParameter(f"say which sheet {file} is: starledger import roster|entries|meetings {file}",
                                 param_hint="FILE")
    try:
        lines = text_lines(file.read_bytes(), str(file))
    except OSError as error:
        raise click.BadParameter(f"cannot read {file}: {error.strerror}", param_hint="FILE") from None
    except NotText as error:
        raise click.BadParameter(str(error), param_hint="FILE") from None
    if preview:
        print_impact(ledger.preview(lambda: {"imported": import_lines(ledger, lines, actor)}), as_json)
        return
    if sys.stderr.isatty() and not as_json:
        with Progress(transient=True) as bar:
            task = bar.add_task("importing", total=len(lines))
            count = import_lines(ledger, lines, actor, lambda n: bar.update(task, completed=n))
    else:
        count = import_lines(ledger, lines, actor)
    done({"imported": count}, as_json, f"imported {count} commands")


def _sheet(ledger, as_json, actor, preview, skip_bad, sheet: str, file: Path) -> None:
    from rich.progress import Progress
    from commands.files.sheet_import import import_sheet
    if not file.is_file():
        raise click.BadParameter(f"no file {file}", param_hint="FILE")
    if sys.stderr.isatty() and not as_json:
        with Progress(transient=True) as bar:
            tasks: dict[str, int] = {}

            def show(phase: str, count: int, total: int | None) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=count)
            result = import_sheet(ledger, sheet, file, actor, skip_bad, preview, show)
    else:
        result = import_sheet(ledger, sheet, file, actor, skip_bad, preview)
    errors = result["errors"]
    if as_json:
        print_json(result)
    else:
        if errors:
            print_table(None, ["行", "列", "错误"], [[e["row"], e["column"], e["message"]] for e in errors[:20]])
            if len(errors) > 20:
                click.echo(f"... and {len(errors) - 20} more")
        if preview:
            print_impact(result["impact"], False)
        elif errors and not skip_bad:
            click.echo(f"nothing was imported: {len(errors)} bad row(s) of {result['rows']}")
        else:
            click.echo(f"imported {result['imported']} row(s), skipped {result['skipped']} already in the "
                       f"ledger, {len(errors)} bad row(s) left out")
        if result["errors_file"]:
            click.echo(f"the bad rows are in {result['errors_file']}: fix them there and import that file")
    if errors and not skip_bad:
        sys.exit(1)


@click.command("import")
@db_option
@json_option
@by_option
@click.option("--dry-run", "preview", is_flag=True,
              help="Show which scores and stars would change, and write nothing.")
@click.option("--skip-bad", is_flag=True, help="Spreadsheets: write the good rows, list the bad ones.")
@click.argument("what", metavar="[roster|entries|meetings] FILE")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@command
def import_file(ledger, as_json, actor, preview, skip_bad, what, file):
    """Record many entries in one atomic step, from a JSON Lines FILE or from a filled-in
    spreadsheet (roster, entries or meetings; see `starledger template`).

    Each JSON line is a command with its options as fields, for example:
    {"command": "record dues", "member": "M001", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10"}

    A spreadsheet with any bad row writes nothing and leaves FILE.errors.xlsx beside it, listing
    the bad rows; importing the same file twice writes nothing the second time.

    Example: starledger import march.jsonl; starledger import entries march.xlsx
    """
    if file is None:
        _jsonl(ledger, as_json, actor, preview, Path(what))
    elif what not in SHEETS:
        raise click.BadParameter(f"'{what}' is not one of {', '.join(SHEETS)}", param_hint="WHAT")
    else:
        _sheet(ledger, as_json, actor, preview, skip_bad, what, file)


@click.command("template")
@json_option
@click.argument("sheet", type=click.Choice(SHEETS))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
def template(as_json, sheet, out):
    """Write an empty spreadsheet to fill in and import: the header row, drop-down lists for the
    columns with fixed values, date-formatted columns, and a 填写说明 sheet explaining each column.

    Example: starledger template roster --out 党员名册.xlsx
    """
    from commands.files.sheet_templates import write_template
    result = write_template(LAYOUTS[sheet], out)
    done(result, as_json, f"wrote {out}: the {sheet} template with columns {', '.join(result['columns'])}")


def register(cli: click.Group) -> None:
    cli.add_command(import_file)
    cli.add_command(template)
