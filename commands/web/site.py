"""The whole service: the HTTP API of commands/http with the pages on it."""

from __future__ import annotations

from datetime import date
from typing import Callable

from fastapi import FastAPI

from commands.http.app import create_app
from commands.http.serve import app_from_environment
from commands.web import add_pages


def create_site(db_url: str | None = None, today: Callable[[], date] = date.today,
                secure_cookies: bool = True) -> FastAPI:
    return add_pages(create_app(db_url, today=today, secure_cookies=secure_cookies))


def site_from_environment() -> FastAPI:
    """What `starledger serve` should hand uvicorn so the pages are served too."""
    return add_pages(app_from_environment())
