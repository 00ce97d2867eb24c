"""A file cache of evaluations, keyed by everything that determines them.

The key hashes the engine and its version, the model, the prompt version and the request, so
a repeated run is free and gives identical output; changing any of them misses the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from panelist.engines.base import EvaluationRequest
from panelist.models import Evaluation


def cache_key(parts: dict[str, Any], request: EvaluationRequest) -> str:
    """A stable hash of ``parts`` and ``request``."""
    payload = json.dumps(
        {"parts": parts, "request": request.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class EvaluationCache:
    """Evaluations stored as JSON files under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Evaluation | None:
        """The cached evaluation, or ``None`` (a corrupt entry counts as missing)."""
        try:
            return Evaluation.model_validate_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, key: str, evaluation: Evaluation) -> None:
        """Store ``evaluation`` atomically; a cache that cannot be written is skipped."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(evaluation.model_dump_json())
            Path(tmp).replace(path)
        except OSError:
            return
