"""The spreadsheet and PDF tests run on the integration tests' small organisation (SQLite and PostgreSQL)."""

from tests.integration.conftest import org  # noqa: F401 - the fixture, shared
