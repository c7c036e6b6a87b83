"""`starledger serve`: the HTTP service on uvicorn."""

from __future__ import annotations

import os

import click

from commands.service.runtime.config import database_url

APP_FACTORY = "commands.web.site:site_from_environment"  # the API and the pages


@click.command("serve")
@click.option("--db", "db", default=None, metavar="URL",
              help="Database URL (default: $STARLEDGER_DB, else sqlite:///starledger.db).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; they share the database and see each other's writes.")
@click.option("--insecure-cookies", is_flag=True,
              help="Do not mark the session cookie Secure: only for plain HTTP on this machine.")
@click.option("--api-docs", is_flag=True,
              help="Serve the interactive API docs at /docs to logged-in users (off by default).")
def serve(db, host, port, workers, insecure_cookies, api_docs):
    """Run the HTTP API (FastAPI on uvicorn); OpenAPI at /openapi.json, docs at /docs with --api-docs.

    Example: starledger serve --db postgresql://postgres@127.0.0.1/starledger --workers 2
    """
    from commands.http import workers as worker_processes

    # Each worker process builds its own application from the environment.
    os.environ["STARLEDGER_DB"] = database_url(db)
    os.environ["STARLEDGER_INSECURE_COOKIES"] = "1" if insecure_cookies else ""
    os.environ["STARLEDGER_API_DOCS"] = "1" if api_docs else ""
    worker_processes.run(APP_FACTORY, host, port, workers)


def register(cli: click.Group) -> None:
    cli.add_command(serve)
