"""Defaults: everything in the user data folder; a secret key made once, readable by its owner."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from panelist.api import MAX_ANSWER_CHARS
from panelist.server.config import ServerSettings, secret_key, secret_key_path


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PANELIST_DATABASE_URL", "PANELIST_SECRET_KEY", "PANELIST_SERVER_ENGINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = ServerSettings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'panelist' / 'panelist.db'}"
    assert (settings.host, settings.port, settings.engine) == ("127.0.0.1", 8000, "judge")
    assert settings.max_answer_chars == MAX_ANSWER_CHARS
    assert settings.invite_days == 14

    key = secret_key(settings)
    path = secret_key_path(settings)
    assert path == tmp_path / "panelist" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 40 and secret_key(settings) == key  # made once


def test_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PANELIST_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("PANELIST_SECRET_KEY", "from-env")
    monkeypatch.setenv("PANELIST_SERVER_ENGINE", "rubric")
    monkeypatch.setenv("PANELIST_SERVER_PORT", "9000")
    monkeypatch.setenv("PANELIST_SERVER_ENGINE_OPTIONS", '{"use_anchors": false}')
    settings = ServerSettings()
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert secret_key(settings) == "from-env"
    assert (settings.engine, settings.port) == ("rubric", 9000)
    assert settings.engine_options == {"use_anchors": False}
