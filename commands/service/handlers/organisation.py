"""Commands that shape the organisation: rule books, units, branches and members."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from commands.service.handlers.base import LedgerBase
from ledger.dates import first_day
from ledger.errors import Duplicate, Refused
from ledger.member import STATUSES, Member
from ledger.organisation import UNIT_KINDS, Branch, Unit
from ledger.rule_book_content import RuleBookBody, default_rule_book, parse_rule_book, rule_book_json
from ledger.rules import RuleBook
from projections import tables as t

DEFAULT_EFFECTIVE = date(2000, 1, 1)


class OrganisationCommands(LedgerBase):
    def init(self, actor: str) -> dict:
        """Create the schema (done on start) and publish the default rule book if none exists."""
        self.catch_up()
        with self.engine.connect() as conn:
            have_books = conn.execute(select(t.rule_books.c.version).limit(1)).first() is not None
        if have_books:
            return {"published": None}
        self.publish_rules(default_rule_book(), DEFAULT_EFFECTIVE, actor)
        return {"published": default_rule_book().version, "effective_on": DEFAULT_EFFECTIVE.isoformat()}

    def publish_rules(self, body: RuleBookBody, effective_on: date, actor: str) -> dict:
        if self.exists(RuleBook, body.version):
            raise Duplicate(f"rule book version '{body.version}' is already published; "
                            f"give the new one another version")
        book = RuleBook(version=body.version, effective_on=effective_on, body=rule_book_json(body),
                        occurred_on=self.today(), actor=actor)
        with self.unit_of_work():
            self.save(book)
        return {"version": body.version, "effective_on": effective_on.isoformat()}

    def what_if(self, body: RuleBookBody, month: str) -> dict:
        """Re-score a month under another rule book; writes nothing, lists every change."""
        trial = body.model_copy(update={"version": f"{body.version} (what-if)"})
        outcome = self.preview(lambda: self.publish_rules(trial, first_day(month), "what-if"))
        changes = [change for change in outcome["changes"] if change["month"] == month]
        return {"month": month, "rule_book": body.version, "changes": changes}

    def rule_book_in_force(self, on: date) -> RuleBookBody:
        return self.projector.shelf().in_force(on)

    def rule_book(self, version: str) -> RuleBookBody:
        book = self.get(RuleBook, version, "rule book")
        return parse_rule_book(json.loads(json.dumps(book.body)))

    def add_unit(self, unit_id: str, name: str, kind: str, parent_id: str | None, actor: str) -> dict:
        unit_id = self.check_id(unit_id, "unit")
        if kind not in UNIT_KINDS:
            raise Refused(f"unit kind '{kind}' is not one of {', '.join(UNIT_KINDS)}")
        if not name.strip():
            raise Refused("a unit needs a name")
        if self.exists(Unit, unit_id):
            raise Duplicate(f"unit id '{unit_id}' is already used")
        if parent_id:
            parent = self.get(Unit, parent_id, "unit")
            if parent.kind != "committee":
                raise Refused(f"unit {parent_id} is a {parent.kind}; units sit under a committee")
        elif kind == "general_branch":
            raise Refused("a general branch needs --parent, the committee it belongs to")
        unit = Unit(unit_id=unit_id, name=name, kind=kind, parent_id=parent_id or None,
                    occurred_on=self.today(), actor=actor)
        with self.unit_of_work():
            self.save(unit)
        return {"unit_id": unit_id}

    def add_branch(self, branch_id: str, name: str, category: str, parent_id: str | None,
                   established_on: date | None, actor: str) -> dict:
        branch_id = self.check_id(branch_id, "branch")
        established_on = established_on or self.today()
        self.check_not_future(established_on, "established")
        if not name.strip():
            raise Refused("a branch needs a name")
        categories = self.rule_book_in_force(established_on).categories
        if category not in categories:
            raise Refused(f"category '{category}' is not one of {', '.join(categories)}")
        if self.exists(Branch, branch_id):
            raise Duplicate(f"branch id '{branch_id}' is already used")
        if parent_id:
            self.get(Unit, parent_id, "unit")
        branch = Branch(branch_id=branch_id, name=name, category=category, parent_id=parent_id or None,
                        occurred_on=established_on, actor=actor)
        with self.unit_of_work():
            self.save(branch)
        return {"branch_id": branch_id}

    def add_member(self, member_id: str, name: str, branch_id: str, joined_on: date, status: str,
                   actor: str) -> dict:
        member_id = self.check_id(member_id, "member")
        self.check_not_future(joined_on, "joined")
        if status not in STATUSES:
            raise Refused(f"status '{status}' is not one of {', '.join(STATUSES)}")
        if not name.strip():
            raise Refused("a member needs a name")
        branch = self.get(Branch, branch_id, "branch")
        if joined_on < branch.established_on:
            raise Refused(f"branch {branch_id} was established on {branch.established_on}; "
                          f"joined {joined_on} is before that")
        if self.exists(Member, member_id):
            raise Duplicate(f"member id '{member_id}' is already used")
        member = Member(member_id=member_id, name=name, branch_id=branch_id, status=status,
                        occurred_on=joined_on, actor=actor)
        with self.unit_of_work():
            self.save(member)
        return {"member_id": member_id}

    def transfer_member(self, member_id: str, to_branch_id: str, on: date, actor: str) -> dict:
        self.check_not_future(on, "transfer date")
        member = self.get(Member, member_id, "member")
        branch = self.get(Branch, to_branch_id, "branch")
        if on < branch.established_on:
            raise Refused(f"branch {to_branch_id} was established on {branch.established_on}; "
                          f"a transfer on {on} is before that")
        member.transfer(to_branch_id, on, actor)
        with self.unit_of_work():
            self.save(member)
        return {"member_id": member_id, "branch_id": to_branch_id}

    def change_status(self, member_id: str, status: str, on: date, actor: str) -> dict:
        self.check_not_future(on, "date")
        member = self.get(Member, member_id, "member")
        member.change_status(status, on, actor)
        with self.unit_of_work():
            self.save(member)
        return {"member_id": member_id, "status": status}
