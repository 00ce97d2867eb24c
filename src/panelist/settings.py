"""Panelist's settings: environment variables ``PANELIST_*`` and an optional YAML file.

The file is ``$PANELIST_CONFIG`` or ``~/.config/panelist/config.yaml``; environment variables
win over the file. Secrets are never stored here: the settings name the environment variable
that holds an API key (``llm_api_key_env``), and the key is read from it when needed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from panelist.errors import InputError

StructuredOutput = Literal["auto", "json_schema", "json_object_schema", "json_object", "none"]


def config_path() -> Path:
    """Where the optional settings file is looked for."""
    explicit = os.environ.get("PANELIST_CONFIG")
    return Path(explicit) if explicit else Path.home() / ".config" / "panelist" / "config.yaml"


class _YamlSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = config_path()
        if not path.exists():
            return {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"{path}: cannot read settings: {exc}") from None
        if not isinstance(data, dict):
            raise InputError(f"{path}: settings must be a mapping of name: value")
        return data


class Settings(BaseSettings):
    """Every setting, with its default."""

    model_config = SettingsConfigDict(env_prefix="PANELIST_", extra="forbid")

    llm_base_url: str = Field(
        "https://api.openai.com/v1", description="OpenAI-compatible API root."
    )
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the server.")
    llm_api_key_env: str = Field(
        "OPENAI_API_KEY", description="Environment variable with the API key."
    )
    llm_structured_output: StructuredOutput = "auto"
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before a request is abandoned.")
    llm_max_retries: int = Field(
        3, ge=0, description="Retries on 429, 5xx, timeouts and invalid replies."
    )
    llm_backoff: float = Field(
        1.0, ge=0, description="First retry delay in seconds; doubles each time."
    )
    llm_concurrency: int = Field(4, ge=1, description="Requests in flight at once.")
    llm_max_consecutive_failures: int = Field(
        3,
        ge=0,
        description="Requests in a row that cannot reach the server (each after its retries) "
        "before no more are sent; 0 never stops.",
    )
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_max_tokens: int = Field(1200, ge=64)
    cache_dir: Path = Field(Path.home() / ".cache" / "panelist", description="Evaluation cache.")
    cache: bool = Field(True, description="Reuse cached LLM evaluations of identical inputs.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _YamlSource(settings_cls)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; an invalid value is an error naming the setting."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"PANELIST_{str(e['loc'][0]).upper()}: {e['msg']}" if e["loc"] else e["msg"]
            for e in exc.errors()
        )
        raise InputError(f"invalid settings ({config_path()} or environment): {problems}") from None
