"""The application, housed by concern.

Two doors on top: `ledger.py` (the whole application: `execute` a command, `ask` a query) and
`reader.py` (the read-only door that opens the whole application only when a read needs it).
Below them, each room imports only the rooms under it (pyproject.toml [tool.importlinter]):

- `access/` and `accounts/`: who may do what; users, logins, sessions, tokens and passwords;
- `handlers/`: the command groups by feature, on one eventsourcing Application (`base.py`);
- `queries/` and `vocabulary/`: the read side; the Chinese labels and refusals;
- `models/` and `runtime/`: the command and query models; configuration, retries, idempotency.
"""
