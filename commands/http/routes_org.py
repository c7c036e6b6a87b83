"""The organisation: units, branches, members, transfers, status, secretaries."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, the_ledger, writer
from commands.http.bodies import NewBranch, NewMember, NewUnit, Secretary, StatusChange, Transfer
from commands.http.replies import reply, written
from commands.service.access import authorise, authorised_read
from commands.service.command_checks import under_parent
from ledger.users import User
from projections import org_queries, queries

router = APIRouter(prefix="/api", tags=["organisation"])
WRITE = "org.write"


@router.post("/units", status_code=201)
async def add_unit(body: NewUnit, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, under_parent(body.parent))
    return written(ledger, dry_run, lambda: ledger.add_unit(body.unit_id, body.name, body.kind, body.parent,
                                                            user.label), 201)


@router.post("/branches", status_code=201)
async def add_branch(body: NewBranch, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, under_parent(body.parent))
    return written(ledger, dry_run, lambda: ledger.add_branch(body.branch_id, body.name, body.category,
                                                              body.parent, body.established, user.label), 201)


@router.post("/members", status_code=201)
async def add_member(body: NewMember, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow(WRITE).branch(body.branch))
    return written(ledger, dry_run, lambda: ledger.add_member(body.member_id, body.name, body.branch,
                                                              body.joined, body.status, user.label), 201)


@router.post("/members/{member_id}/transfer")
async def transfer(member_id: str, body: Transfer, request: Request, dry_run: bool = False,
                   user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow(WRITE).member(member_id).branch(body.to))
    return written(ledger, dry_run, lambda: ledger.transfer_member(member_id, body.to, body.on, user.label))


@router.post("/members/{member_id}/status")
async def change_status(member_id: str, body: StatusChange, request: Request, dry_run: bool = False,
                        user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow(WRITE).member(member_id))
    return written(ledger, dry_run, lambda: ledger.change_status(member_id, body.to, body.on, user.label))


@router.post("/branches/{branch_id}/secretary")
async def appoint_secretary(branch_id: str, body: Secretary, request: Request, dry_run: bool = False,
                            user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow(WRITE).branch(branch_id).member(body.member, on=body.since))
    return written(ledger, dry_run, lambda: ledger.appoint_secretary(branch_id, body.member, body.since,
                                                                     body.full_time, user.label))


@router.get("/units/{unit_id}")
async def unit_tree(unit_id: str, request: Request, user: User = Depends(current_user)):
    """The unit and the tree below it."""
    return reply(authorised_read(the_ledger(request), user,
                           lambda g: org_queries.unit_tree(g.allow("read").unit(unit_id).conn, unit_id)))


@router.get("/branches/{branch_id}")
async def branch_detail(branch_id: str, request: Request, user: User = Depends(current_user)):
    ledger = the_ledger(request)
    return reply(authorised_read(ledger, user, lambda g: org_queries.branch_detail(
        g.allow("read").branch(branch_id).conn, branch_id, ledger.today())))


@router.get("/members")
async def list_members(branch: str, request: Request, user: User = Depends(current_user)):
    """The members who belong to the branch today."""
    ledger = the_ledger(request)
    return reply(authorised_read(ledger, user, lambda g: org_queries.current_members(
        g.allow("read").branch(branch).conn, branch, ledger.today())))


@router.get("/members/{member_id}")
async def member_ledger(member_id: str, request: Request, user: User = Depends(current_user)):
    """Everything recorded about a member (the CLI's `ledger member --json`)."""
    return reply(authorised_read(the_ledger(request), user,
                           lambda g: queries.member_ledger(g.allow("read").member(member_id).conn, member_id)))
