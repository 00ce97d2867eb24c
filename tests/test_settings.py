from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from panelist.errors import InputError
from panelist.settings import get_settings


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("PANELIST_CONFIG", str(tmp_path / "config.yaml"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_environment_wins_over_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("llm_model: from-file\nllm_timeout: 12\n")
    monkeypatch.setenv("PANELIST_LLM_MODEL", "from-env")
    settings = get_settings()
    assert (settings.llm_model, settings.llm_timeout) == ("from-env", 12)


@pytest.mark.parametrize(
    ("env", "file", "message"),
    [
        (
            {"PANELIST_LLM_TIMEOUT": "soon"},
            "",
            "PANELIST_LLM_TIMEOUT: Input should be a valid number",
        ),
        (
            {},
            "llm_concurrency: 0\n",
            "PANELIST_LLM_CONCURRENCY: Input should be greater than or equal to 1",
        ),
        ({}, "- not a mapping\n", "settings must be a mapping"),
        ({}, "llm_modle: typo\n", "PANELIST_LLM_MODLE: Extra inputs are not permitted"),
    ],
)
def test_bad_settings_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], file: str, message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    (tmp_path / "config.yaml").write_text(file)
    with pytest.raises(InputError, match=message):
        get_settings()
