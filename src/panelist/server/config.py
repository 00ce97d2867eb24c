"""The server's settings, from ``PANELIST_*`` environment variables.

With no configuration everything lives in the user data folder (``$XDG_DATA_HOME/panelist``
or ``~/.local/share/panelist``): the SQLite database ``panelist.db`` and the generated secret
key ``secret_key`` (mode 0600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from panelist.api import MAX_ANSWER_CHARS


def data_dir() -> Path:
    """The folder holding the default database and the generated secret key."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "panelist"


def default_database_url() -> str:
    """The SQLite file ``panelist.db`` in :func:`data_dir`."""
    return f"sqlite:///{data_dir() / 'panelist.db'}"


class ServerSettings(BaseSettings):
    """Every server setting, with its default. Env names are given per field."""

    model_config = SettingsConfigDict(
        env_prefix="PANELIST_SERVER_", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(
        default_factory=default_database_url,
        validation_alias=AliasChoices("database_url", "PANELIST_DATABASE_URL"),
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/db.",
    )
    secret_key: str | None = Field(
        None,
        validation_alias=AliasChoices("secret_key", "PANELIST_SECRET_KEY"),
        description="Signs web sessions; generated and stored in the data folder when unset.",
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    engine: str = Field("judge", description="Scoring engine id (PANELIST_SERVER_ENGINE).")
    engine_options: dict[str, Any] = Field(
        default_factory=dict, description='Engine options as JSON, e.g. {"use_anchors": false}.'
    )
    max_request_bytes: int = Field(2 * 1024 * 1024, ge=1024)
    max_answer_chars: int = Field(MAX_ANSWER_CHARS, ge=1)
    max_batch: int = Field(50, ge=1, description="Items per POST /api/v1/score/batch.")
    invite_days: float = Field(14, gt=0, description="Days an invitation link stays valid.")
    max_attempts: int = Field(3, ge=1, description="Evaluation tries before a job fails.")
    poll_seconds: float = Field(0.5, gt=0, description="Worker's wait when the queue is empty.")
    signin_per_minute: int = Field(10, ge=1, description="Sign-ins per client address.")
    candidate_per_minute: int = Field(120, ge=1, description="Candidate requests per invitation.")
    worker: bool = Field(True, description="Run the evaluation worker inside the server.")
    session_hours: float = Field(12, gt=0, description="Hours a sign-in to the web pages lasts.")
    draft_with_llm: bool = Field(
        False,
        description="Have the language model (PANELIST_LLM_* and llm_options) write the "
        "technical questions and reference points of drafted question sets.",
    )
    llm_options: dict[str, Any] = Field(
        default_factory=dict,
        description='Options of that model as JSON, e.g. {"model": "qwen2.5"}; unset ones come '
        "from PANELIST_LLM_*.",
    )
    cookie_secure: bool | None = Field(
        None,
        description="Mark cookies Secure: true, false, or unset for when served over https.",
    )


def secret_key_path(settings: ServerSettings) -> Path:
    """Where a generated key is kept: beside the SQLite file, else in :func:`data_dir`."""
    prefix = "sqlite:///"
    if settings.database_url.startswith(prefix) and ":memory:" not in settings.database_url:
        return Path(settings.database_url[len(prefix) :].split("?")[0]).parent / "secret_key"
    return data_dir() / "secret_key"


def secret_key(settings: ServerSettings) -> str:
    """The configured secret key, else one generated once (mode 0600) and kept."""
    if settings.secret_key:
        return settings.secret_key
    path = secret_key_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()
