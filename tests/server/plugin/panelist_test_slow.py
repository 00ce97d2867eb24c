"""A third-party engine for the restart test: scores by length, slowly.

Installed for a server subprocess through a ``.dist-info`` folder on ``PYTHONPATH``, the way a
real plugin registers (entry-point group ``panelist.engines``). The delay per answer, in
seconds, is ``PANELIST_TEST_SLOW_SECONDS``.
"""

from __future__ import annotations

import os
import time
from typing import Any, ClassVar

from panelist.engines.base import Engine, EvaluationRequest
from panelist.models import Evaluation


class SlowEngine(Engine):
    """Waits, then gives the answer's length (capped) as its score."""

    name: ClassVar[str] = "test-slow"
    version: ClassVar[str] = "1"

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        time.sleep(float(os.environ.get("PANELIST_TEST_SLOW_SECONDS", "0")))
        return Evaluation(
            question_id=request.question.id,
            score=min(len(request.answer), 100),
            justification="Scored by length.",
            engine=self.name,
            engine_version=self.version,
        )


def register(registry: Any) -> None:
    """The entry point."""
    registry.register(SlowEngine)
