"""The interactive API docs at ``/docs``: Swagger UI served from the ``swagger-ui-bundle-v2``
package, so the page works with no internet access."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"


def _bundle() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]
    except ImportError:
        return None
    return Path(str(swagger_ui_path))


def install(app: FastAPI) -> None:
    """Serve ``/docs`` (and its assets) for ``app``, whose own docs routes are off."""
    bundle = _bundle()
    if bundle is not None:
        app.mount(ASSETS, StaticFiles(directory=bundle), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if bundle is None:
            return HTMLResponse(
                "<!doctype html><title>Panelist API</title><h1>Panelist API</h1>"
                '<p>The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>. '
                "Install swagger-ui-bundle-v2 for the interactive page.</p>"
            )
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
