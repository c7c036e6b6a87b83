"""The app factory uvicorn calls in each worker process, configured from the environment."""

from __future__ import annotations

import os

from fastapi import FastAPI

from commands.http.app import create_app


def app_from_environment() -> FastAPI:
    return create_app(os.environ.get("STARLEDGER_DB"),
                      secure_cookies=not os.environ.get("STARLEDGER_INSECURE_COOKIES"))
