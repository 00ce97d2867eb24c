"""Shared fixtures. Outbound network is blocked: tests talk only to servers on this machine."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from scipy.stats import spearmanr

from panelist.engines.base import EvaluationRequest
from panelist.engines.rubric import RubricEngine
from panelist.loaders import example_path, load_interview
from panelist.models import Evaluation, Interview, Question, QuestionType

ROOT = Path(__file__).resolve().parents[1]
#: A copy of ../shared/seed/interview_report_ml_engineer.txt, so tests run on a bare checkout.
SEED_REPORT = Path(__file__).resolve().parent / "data" / "interview_report_ml_engineer.txt"
_LOCAL = ("127.0.0.1", "localhost", "::1")

# Property tests: a fixed, repeatable budget in CI; HYPOTHESIS_PROFILE=fuzz searches longer.
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True)
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_outbound_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in _LOCAL and self.family != socket.AF_UNIX:
            raise RuntimeError(f"tests must not reach the network ({host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


@pytest.fixture(scope="session")
def engine() -> RubricEngine:
    return RubricEngine()


@pytest.fixture(scope="session")
def example() -> Interview:
    return load_interview(example_path())


def request_for(
    answer: str,
    question: str = "Tell me about a time you handled a production incident. "
    "What was your role, and what changed afterwards?",
    *,
    qtype: QuestionType = QuestionType.BEHAVIORAL,
    reference_points: list[str] | None = None,
    job_description: str = "",
) -> EvaluationRequest:
    """A request for ``answer`` to ``question``."""
    from panelist.models import JobDescription

    return EvaluationRequest(
        question=Question(
            id="Q1", text=question, type=qtype, reference_points=reference_points or []
        ),
        answer=answer,
        job_description=JobDescription(text=job_description),
    )


def level_agreement(scored: dict[int, Evaluation]) -> float:
    """Spearman correlation between the levels answers were written at and their scores."""
    levels = sorted(scored)
    return float(spearmanr(levels, [scored[level].score for level in levels]).statistic)
