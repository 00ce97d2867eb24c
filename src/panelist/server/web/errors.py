"""Errors on pages are pages: the API's handlers answer JSON under ``/api/``, these HTML
elsewhere; a recruiter page without a session redirects to the sign-in page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from panelist.errors import InputError
from panelist.server.web.deps import SignInRequiredError
from panelist.server.web.templating import templates

_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Conflict",
    410: "This invitation has expired",
    413: "Too large",
    422: "Cannot use what was sent",
    429: "Too many requests",
}


def is_page(request: Request) -> bool:
    """Whether the request is for a page (not the API, static files or the API docs)."""
    return not request.url.path.startswith(("/api/", "/static/", "/openapi.json"))


def error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The error page: a heading for the status and the one-line reason."""
    title = _TITLES.get(status, "Something went wrong")
    if status == 410:
        message = (
            "The link you followed is no longer valid. If you still need to answer, "
            "ask the recruiter who sent it for a new invitation."
        )
    context = {"title": title, "message": message, "status": status}
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


def sign_in_redirect(request: Request) -> RedirectResponse:
    """303 to the sign-in page, coming back here (GET) afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    after = f"?next={quote(target, safe='/')}" if request.method == "GET" else ""
    return RedirectResponse(f"/signin{after}", status_code=303)


def install(app: FastAPI) -> None:
    """Wrap the API's handlers: JSON for the API, pages elsewhere."""
    handlers: dict[Any, Any] = app.exception_handlers
    api_http = handlers[HTTPException]
    api_validation = handlers[RequestValidationError]
    api_input = handlers[InputError]
    api_conflict = handlers[IntegrityError]

    async def on_http(request: Request, exc: Exception) -> Response:
        if not is_page(request) or not isinstance(exc, HTTPException):
            return await api_http(request, exc)  # type: ignore[no-any-return]
        return error_page(request, exc.status_code, str(exc.detail), exc.headers)

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await api_validation(request, exc)  # type: ignore[no-any-return]
        return error_page(request, 422, "some fields of the form are missing or invalid")

    async def on_input(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await api_input(request, exc)  # type: ignore[no-any-return]
        return error_page(request, 422, str(exc))

    async def on_conflict(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await api_conflict(request, exc)  # type: ignore[no-any-return]
        return error_page(request, 409, "this conflicts with a change made at the same time")

    async def on_sign_in(request: Request, exc: Exception) -> Response:
        return sign_in_redirect(request)

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(IntegrityError, on_conflict)
    app.add_exception_handler(SignInRequiredError, on_sign_in)
