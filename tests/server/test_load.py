"""Ten candidates submitting at once: every answer is stored and every report produced (the
same run as ``benchmarks/server_load.py``, smaller; no timing is asserted)."""

from __future__ import annotations

from typing import Any

from benchmarks.server_load import run_load

from tests.server.conftest import Databases, new_org, settings_for


def test_concurrent_submissions_are_all_stored_and_reported(
    databases: Databases, start_server: Any
) -> None:
    live = start_server(settings_for(databases.new()))
    org = new_org(live)
    figures = run_load(live.url, org.token("read", "write"), candidates=10, timeout=180)
    assert len(figures.submit_seconds) == 10
    assert figures.answers_stored == 10 * figures.questions
    assert figures.reports == 10
    assert figures.statuses == {"evaluated": 10}
