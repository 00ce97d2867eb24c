"""Every error is JSON ``{"error": "one line"}``; a validation error names the field."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from panelist.errors import InputError
from panelist.server.api.middleware import route_name
from panelist.server.services.errors import Refused, not_found

log = logging.getLogger("panelist.server")

#: An error answered with ``status`` and ``{"error": message}`` (the services' refusal).
ApiError = Refused

__all__ = ["ApiError", "describe", "install", "not_found"]


def _field(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(exc: RequestValidationError) -> str:
    """One line: each invalid field and what is wrong with it (never the value given)."""
    problems = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "json_invalid":
            problems.append(f"invalid JSON body: {error.get('ctx', {}).get('error', '')}")
        else:
            problems.append(f"field {_field(loc) or 'body'}: {error.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": describe(exc)}, 422)

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, 422)

    @app.exception_handler(IntegrityError)
    async def _conflict(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("%s %s: conflict", request.method, route_name(request.scope))
        return JSONResponse({"error": "conflicts with data saved at the same time; retry"}, 409)
