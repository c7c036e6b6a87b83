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


class Duplicate(Refused):
    """A thing done twice: an id or name already used, a month already closed or sealed, an
    entry already reversed, an appeal already decided (HTTP 409)."""


class Unauthenticated(LedgerError):
    """No valid session or token: missing, wrong, expired or revoked (HTTP 401)."""


class Forbidden(LedgerError):
    """The caller's role may not do this, whatever the id (HTTP 403)."""


class LoginLocked(LedgerError):
    """Too many failed logins from this address; try again in `retry_after` seconds (HTTP 429)."""

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after
