"""The project's own errors. Every message is one plain sentence a secretary can act on."""


class LedgerError(Exception):
    """Base class: a write was refused or a lookup failed; nothing was written."""


class NotFound(LedgerError):
    """An id names nothing in the ledger."""


class Refused(LedgerError):
    """The input breaks a rule of the ledger."""


class Conflict(Refused):
    """Another writer changed the same records at the same moment; trying again may succeed."""


class Damaged(LedgerError):
    """The stored log is damaged or was changed outside the application; `verify` says more."""
