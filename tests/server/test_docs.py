"""docs/server.md lists every route with the scope it needs, and its curl session runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import PASSWORD, ROOT, Databases, LiveServer, settings_for
from tests.server.test_auth import api_routes, guard_of

DOC = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")


def test_the_routes_table_matches_the_app(server: LiveServer) -> None:
    rows = re.findall(
        r"^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`?]+)[^`]*`[^|]*\| ([^|]+) \|$", DOC, re.M
    )
    documented = {(m, "/api/v1" + p): need.strip() for m, p, need in rows}
    actual = {}
    for method, path, endpoint in api_routes(server.app):
        guard = guard_of(endpoint)
        actual[(method, path)] = (
            "invitation token" if guard == "invite" else str(guard) if guard else None
        )
    assert set(documented) == set(actual)
    for key, need in actual.items():
        if need is not None:
            assert documented[key].startswith(need), key


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="needs curl and jq")
def test_the_curl_session_runs(databases: Databases, start_server: Any, tmp_path: Path) -> None:
    if databases.kind != "sqlite":
        pytest.skip("once is enough")
    live = start_server(settings_for(databases.new()))
    from panelist.server.accounts import create_admin

    create_admin(live.settings, "you@example.org", "Acme", PASSWORD)
    (block,) = [b for b in re.findall(r"```sh\n(.*?)```", DOC, re.S) if "API=" in b]
    script = block.replace("http://127.0.0.1:8000", live.url).replace('"..."', f'"{PASSWORD}"')
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"{live.url}/i/" in result.stdout
    assert '"engine":"rubric"' in result.stdout
