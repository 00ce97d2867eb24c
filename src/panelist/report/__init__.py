"""Report renderers (text, Markdown, JSON) and the text-report parser."""

from __future__ import annotations

from collections.abc import Callable

from panelist.errors import InputError
from panelist.models import Report
from panelist.report.markdown import render_markdown
from panelist.report.text import parse_text, render_text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "md": render_markdown,
    "json": lambda report: report.model_dump_json(indent=2) + "\n",
}


def render(report: Report, fmt: str = "text") -> str:
    """Render ``report`` in one of :data:`FORMATS`."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(report)


__all__ = ["FORMATS", "parse_text", "render", "render_markdown", "render_text"]
