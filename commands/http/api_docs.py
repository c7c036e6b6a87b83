"""The interactive API docs (Swagger UI) at /docs: off unless `starledger serve --api-docs`.

When on, the page is served only to a logged-in user, and every file it loads comes from this
service: Swagger UI's own files from the pinned `swagger-ui-py` package, and its start-up
script from here rather than inline, so the pages' Content-Security-Policy holds for it too.
Only the package's static files are used (Swagger UI 5, which reads FastAPI's OpenAPI 3.1).
ReDoc ships no such package, so /redoc stays off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from commands.http.auth import current_user

ASSETS = "/docs/assets"
PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>starledger API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
"""
START = """window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"});
"""


def install(app: FastAPI) -> None:
    import swagger_ui

    assets = Path(swagger_ui.__file__).parent / "static"
    app.mount(ASSETS, StaticFiles(directory=str(assets)), name="api-docs-assets")

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(current_user)])
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(PAGE)

    @app.get("/docs/start.js", include_in_schema=False, dependencies=[Depends(current_user)])
    async def api_docs_start() -> Response:
        return Response(START, media_type="text/javascript")
