"""Panelist's Python API: load -> evaluate -> aggregate -> render.

The CLI and any HTTP service call these functions; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from panelist.aggregate import build_report
from panelist.engines.base import Engine, EvaluationRequest
from panelist.engines.registry import create_engine
from panelist.errors import PanelistError
from panelist.loaders import BatchLine, example_path, load_interview, read_batch
from panelist.models import Evaluation, Interview, Report
from panelist.report import render

__all__ = [
    "evaluate_interview",
    "example_path",
    "get_engine",
    "load_interview",
    "render",
    "requests_for",
    "score_lines",
]


def get_engine(engine: str | Engine = "judge", **options: Any) -> Engine:
    """An engine instance from an id (with options) or an instance passed through."""
    return engine if isinstance(engine, Engine) else create_engine(engine, **options)


def requests_for(interview: Interview) -> list[EvaluationRequest]:
    """One evaluation request per answered question of ``interview``."""
    return [
        EvaluationRequest(
            question=item.question,
            answer=item.answer,
            job_description=interview.job_description,
            role=interview.role,
        )
        for item in interview.items
    ]


def evaluate_interview(
    interview: Interview | str | Path,
    engine: str | Engine = "judge",
    workers: int | None = None,
    on_evaluation: Callable[[Evaluation], None] | None = None,
    **options: Any,
) -> Report:
    """Evaluate every answer of an interview and build its report.

    ``on_evaluation`` is called after each answer (for progress). Raises the first engine
    error: a report with a missing evaluation would misstate the summary.
    """
    if not isinstance(interview, Interview):
        interview = load_interview(interview)
    grader = get_engine(engine, **options)
    evaluations: list[Evaluation] = []
    for result in grader.evaluate_many(requests_for(interview), workers=workers):
        if isinstance(result, PanelistError):
            raise result
        evaluations.append(result)
        if on_evaluation is not None:
            on_evaluation(result)
    return build_report(interview, evaluations)


def batch_output(item_id: str, evaluation: Evaluation) -> dict[str, Any]:
    """The JSONL output record of one scored batch item."""
    data = evaluation.model_dump(mode="json", exclude_none=True)
    return {
        "id": item_id,
        "score": evaluation.score,
        "criteria": data["criteria"],
        "strengths": data["strengths"],
        "weaknesses": data["weaknesses"],
        "improvement_tips": data["improvement_tips"],
        "justification": evaluation.justification,
        "flags": data["flags"],
        "engine": evaluation.engine,
        "engine_version": evaluation.engine_version,
        **{k: data[k] for k in ("model", "prompt_version", "usage") if k in data},
    }


def score_lines(
    lines: Iterable[BatchLine] | str | Path,
    engine: str | Engine = "judge",
    workers: int | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    **options: Any,
) -> Iterator[dict[str, Any]]:
    """Score batch lines in order; a bad line or a failed evaluation yields an error record."""
    if isinstance(lines, str | Path):
        lines = read_batch(lines)
    grader = get_engine(engine, **options)
    pending: list[BatchLine] = []

    def flush() -> Iterator[dict[str, Any]]:
        requests = [line.item.request() for line in pending if line.item is not None]
        results = iter(grader.evaluate_many(requests, workers=workers))
        for line in pending:
            record: dict[str, Any]
            if line.item is None:
                record = {"id": line.id, "error": line.error}
            else:
                result = next(results)
                if isinstance(result, PanelistError):
                    record = {"id": line.id, "error": f"line {line.number}: {result}"}
                else:
                    record = batch_output(line.item.id, result)
            if on_result is not None:
                on_result(record)
            yield record
        pending.clear()

    for line in lines:
        pending.append(line)
        if len(pending) >= max((workers or grader.workers) * 4, 16):
            yield from flush()
    yield from flush()
