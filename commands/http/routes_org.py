"""The organisation: units, branches, members, transfers, status, secretaries."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from commands.http.auth import current_user
from commands.http.reads import asked
from commands.http.writes import add_write
from commands.service.queries.member_queries import MemberLedger
from commands.service.models.org_commands import (
    AddBranch, AddMember, AddUnit, AppointSecretary, ChangeStatus, TransferMember,
)
from commands.service.queries.org_queries import BranchDetail, MemberList, UnitTree
from ledger.users import User

router = APIRouter(prefix="/api", tags=["organisation"])

add_write(router, "/units", AddUnit, status_code=201, summary="Add a unit under a unit in scope")
add_write(router, "/branches", AddBranch, status_code=201, summary="Add a branch under a unit in scope")
add_write(router, "/members", AddMember, status_code=201, summary="Add a member to a branch in scope")
add_write(router, "/members/{member}/transfer", TransferMember, summary="Move a member to another branch")
add_write(router, "/members/{member}/status", ChangeStatus, summary="Change a member's status")
add_write(router, "/branches/{branch}/secretary", AppointSecretary, summary="Appoint a branch's secretary")


@router.get("/units/{unit_id}")
async def unit_tree(unit_id: str, request: Request, user: User = Depends(current_user)):
    """The unit and the tree below it (`starledger unit list --under ID --json`)."""
    return asked(request, user, UnitTree, {"under": unit_id})


@router.get("/branches/{branch_id}")
async def branch_detail(branch_id: str, request: Request, user: User = Depends(current_user)):
    """A branch and the members in it today."""
    return asked(request, user, BranchDetail, {"branch": branch_id})


@router.get("/members")
async def list_members(request: Request, branch: str = Query(min_length=1, max_length=64),
                       user: User = Depends(current_user)):
    """The members who belong to the branch today (`starledger member list --branch B --json`)."""
    return asked(request, user, MemberList, {"branch": branch})


@router.get("/members/{member_id}")
async def member_ledger(member_id: str, request: Request, user: User = Depends(current_user)):
    """Everything recorded about a member (`starledger ledger member ID --json`)."""
    return asked(request, user, MemberLedger, {"member": member_id})
