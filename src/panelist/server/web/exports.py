"""A report as a file: text (the reference layout), Markdown, JSON, a standalone HTML page,
and PDF made from that page by WeasyPrint (it needs Pango from the system)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from panelist.models import Report
from panelist.report import render
from panelist.server.services.errors import Refused
from panelist.server.web.report_view import view
from panelist.server.web.templating import stylesheet, templates

#: Export name (the URL's extension) -> media type.
FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
_RENDERERS = {"txt": "text", "md": "md", "json": "json"}
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
PDF_HELP = (
    "PDF export needs WeasyPrint and the Pango library: pip install 'panelist[server]' and, "
    "on Debian, apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)


def html_page(report: Report, rounds: Mapping[str, int] | None = None) -> str:
    """The report as one printable HTML page: styles inline, charts as inline SVG."""
    template = templates.env.get_template("export.html")
    return template.render(view=view(report, rounds), css=stylesheet())


def _refuse_urls(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("export pages load nothing")


def _no_fetching() -> Any:
    """A URL fetcher that fetches nothing: the page is whole, and user text is no URL."""
    try:
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
    except ImportError:  # WeasyPrint before URLFetcher took a plain function
        return _refuse_urls
    return URLFetcher(allowed_protocols=())


def pdf(report: Report, rounds: Mapping[str, int] | None = None) -> bytes:
    """The HTML page printed to PDF (503 naming what to install when it cannot be)."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError):
        raise Refused(503, PDF_HELP) from None
    document = HTML(string=html_page(report, rounds), url_fetcher=_no_fetching())
    data: bytes = document.write_pdf()
    return data


def filename(report: Report, extension: str) -> str:
    """``report-<candidate>.<extension>``, in ASCII."""
    name = unicodedata.normalize("NFKD", report.interview.candidate or "candidate")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name.encode("ascii", "ignore").decode()).strip("-")
    return f"report-{slug.lower() or 'candidate'}.{extension}"


def export(report: Report, extension: str, rounds: Mapping[str, int] | None = None) -> Response:
    """The report as a file of ``extension`` (one of :data:`FORMATS`); ``rounds``: the round
    of each question's evaluation, for the HTML and PDF pages."""
    if extension == "html":
        return Response(
            html_page(report, rounds),
            media_type=FORMATS["html"],
            headers={"Content-Security-Policy": EXPORT_CSP},
        )
    body: str | bytes = (
        pdf(report, rounds) if extension == "pdf" else render(report, _RENDERERS[extension])
    )
    name = filename(report, extension)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        body, media_type=FORMATS[extension], headers={"Content-Disposition": disposition}
    )
