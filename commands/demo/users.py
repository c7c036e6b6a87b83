"""One user per role in the demo organisation, each with a fresh random password, so that
`starledger demo --serve` can be logged into at once."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from commands.service.ledger import StarLedger
from projections import tables as t

ROLES = ("admin", "secretary", "reviewer", "inspector", "auditor", "member")


def add_demo_users(ledger: StarLedger, branch_id: str, member_id: str) -> list[dict]:
    """admin, reviewer, inspector and auditor over the committee; the secretary of `branch_id`;
    member `member_id`. Returns each user's name, role, scope and password."""
    with ledger.reading() as conn:
        committee = conn.execute(select(t.units.c.unit_id).where(t.units.c.kind == "committee")
                                 .order_by(t.units.c.unit_id)).scalars().first()
    scopes = {"secretary": branch_id, "member": member_id}
    made = []
    for role in ROLES:
        name, password = f"demo-{role}", secrets.token_urlsafe(9)
        ledger.add_user(name, role, scopes.get(role, committee), "demo")
        ledger.set_password(name, password, "demo")
        made.append({"name": name, "role": role, "scope": scopes.get(role, committee), "password": password})
    return made
