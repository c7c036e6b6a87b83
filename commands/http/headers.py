"""Security headers on every answer, pages and API alike.

The pages load only their own scripts and styles (commands/web/static), so the policy allows
nothing else: an injected script or style, a frame around a page, a form posting elsewhere and
a guessed content type are all refused by the browser. Personal answers (every page and API
answer) are never stored by a browser or a proxy; the static assets may be.
"""

from __future__ import annotations

from typing import Any

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
ALWAYS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
# Library files that are the same for everyone (the pages' scripts and styles, the API docs').
CACHEABLE_PREFIXES = ("/static/", "/docs/assets/")


class SecurityHeaders:
    """Pure ASGI, so that it adds nothing to the cost of a cached read but a few header lines."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        personal = not scope["path"].startswith(CACHEABLE_PREFIXES)

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = [(name, value) for name, value in message.get("headers", [])
                           if not (personal and name.lower() == b"cache-control")]
                headers += [(name, value) for name, value in ALWAYS if name not in present]
                if personal:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
