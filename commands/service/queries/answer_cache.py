"""Answers to figure reads, kept in memory while the ledger stands still.

Every answer here is a function of the read model, the day and the caller. The read model only
moves with a new event (a member's entry, a rule book, a user's new role or revocation: all
are events, in every process), so an answer given at position P is the answer again as long as
the read model, caught up and with no branch-month stale, still stands at P. Each read asks
that (one query, `Projector.current_position`) before anything else, so a write in any process
is seen by the next read in every process. What is kept is the caller's answer after the scope
check and the narrowing to their scope, never an answer shared between callers.

Only the figure reads are kept: `verify` looks at the stored events themselves (which may be
changed behind the application's back without moving the position), and the rest are rare.
A unit-scoped caller's scope (its units and branches) is kept here the same way
(authorised.scope_at).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Hashable

SIZE = 4096  # answers per process; the oldest used goes first


class AnswerCache:
    def __init__(self, size: int = SIZE):
        self._answers: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    @staticmethod
    def key(user: Any, query: Any, today: Any) -> Hashable | None:
        """What an answer depends on besides the position; None for a query not kept."""
        if not isinstance(query, kept()):
            return None
        return (user.name, user.role, user.scope_kind, user.scope_id, query, today)

    def get(self, key: Hashable, position: int) -> Any | None:
        with self._lock:
            found = self._answers.get(key)
            if found is None or found[0] != position:
                return None
            self._answers.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, position: int, answer: Any) -> None:
        with self._lock:
            self._answers[key] = (position, answer)
            self._answers.move_to_end(key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)


def kept() -> tuple[type, ...]:
    """The figure reads (imported when first asked: the CLI's start-up never needs them)."""
    from commands.service.queries import branch_queries as b, member_queries as m, org_queries as o
    return (m.MemberScore, m.ExplainMember, m.MemberLedger, m.BranchRanking, b.BranchScore, b.ExplainBranch,
            b.Stars, b.Alerts, b.SecretaryPay, b.ClosedMonths, o.UnitTree, o.BranchDetail, o.MemberList)
