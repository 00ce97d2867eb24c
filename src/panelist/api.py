"""Panelist's Python API: load -> evaluate -> aggregate -> render.

The CLI and any HTTP service call these functions; nothing here prints.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from panelist.aggregate import build_report
from panelist.engines.base import Engine, EvaluationRequest
from panelist.engines.registry import create_engine
from panelist.errors import InputError, PanelistError, ServerUnavailableError
from panelist.followups import with_follow_ups
from panelist.guard import enforce
from panelist.loaders import (
    BatchItem,
    BatchLine,
    example_path,
    load_interview,
    parse_item,
    read_batch,
)
from panelist.models import Evaluation, Interview, Question, Report
from panelist.report import render

__all__ = [
    "MAX_ANSWER_CHARS",
    "check_length",
    "check_placeholders",
    "evaluate_interview",
    "example_path",
    "get_engine",
    "load_interview",
    "render",
    "requests_for",
    "score_lines",
]


#: The longest answer evaluated by default, in characters (about 6,000 words). Interview
#: answers are rarely a tenth of it; beyond it the text is refused, not silently cut.
MAX_ANSWER_CHARS = 40_000


def check_length(request: EvaluationRequest, limit: int | None = MAX_ANSWER_CHARS) -> None:
    """Raise :class:`InputError` when the answer is longer than ``limit`` characters."""
    if limit is not None and len(request.answer) > limit:
        raise InputError(
            f"question {request.question.id}: the answer has {len(request.answer):,} characters;"
            f" the limit is {limit:,} (raise it with --max-answer-chars)"
        )


def check_placeholders(question: Question) -> None:
    """Raise :class:`InputError` for a reference point left as a ``TODO:`` placeholder.

    ``panelist questions`` writes them for the recruiter to fill; scoring against one would
    judge answers by the placeholder's words.
    """
    for point in question.reference_points:
        if point.strip().upper().startswith("TODO:"):
            raise InputError(
                f"question {question.id}: a reference point is still a placeholder "
                "('TODO: ...'): write what a correct answer must cover, or remove it"
            )


def _guarded(
    result: Evaluation | PanelistError, request: EvaluationRequest, follow_ups: bool = False
) -> Evaluation | PanelistError:
    """An engine's result with the grader-instruction rule applied, whatever the engine.

    With ``follow_ups``, the follow-up questions of its gaps are filled in too.
    """
    if isinstance(result, PanelistError):
        return result
    result = enforce(result, request.answer)
    if not follow_ups:
        return result
    return with_follow_ups(result, request.question, request.answer, request.asked)


def get_engine(engine: str | Engine = "judge", **options: Any) -> Engine:
    """An engine instance from an id (with options) or an instance passed through."""
    return engine if isinstance(engine, Engine) else create_engine(engine, **options)


def requests_for(interview: Interview) -> list[EvaluationRequest]:
    """One evaluation request per answered question of ``interview``."""
    return [
        EvaluationRequest(
            question=item.question,
            answer=item.candidate_text,
            job_description=interview.job_description,
            role=interview.role,
            asked=[f.question for f in item.follow_ups],
        )
        for item in interview.items
    ]


def evaluate_interview(
    interview: Interview | str | Path,
    engine: str | Engine = "judge",
    workers: int | None = None,
    on_evaluation: Callable[[Evaluation], None] | None = None,
    max_answer_chars: int | None = MAX_ANSWER_CHARS,
    follow_ups: bool = True,
    **options: Any,
) -> Report:
    """Evaluate every answer of an interview and build its report.

    ``on_evaluation`` is called after each answer (for progress). Raises the first engine
    error: a report with a missing evaluation would misstate the summary. An answer longer
    than ``max_answer_chars`` (``None``: no limit) is an error before anything is evaluated.
    ``follow_ups``: write follow-up questions from each answer's gaps (``panelist.followups``).
    """
    if not isinstance(interview, Interview):
        interview = load_interview(interview)
    requests = requests_for(interview)
    for request in requests:
        check_length(request, max_answer_chars)
        check_placeholders(request.question)
    grader = get_engine(engine, **options)
    evaluations: list[Evaluation] = []
    for request, outcome in zip(
        requests, grader.evaluate_many(requests, workers=workers), strict=True
    ):
        result = _guarded(outcome, request, follow_ups)
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
        **{k: data[k] for k in ("model", "prompt_version", "usage", "follow_ups") if k in data},
    }


def _batch_lines(lines: Iterable[BatchLine | BatchItem | Mapping[str, Any]]) -> Iterator[BatchLine]:
    """Each of ``lines`` as a :class:`BatchLine`; dicts are validated as batch items."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, BatchLine):
            yield line
        elif isinstance(line, BatchItem):
            yield BatchLine(number, line.id, line, None)
        elif isinstance(line, Mapping):
            yield parse_item(dict(line), number, "item")
        else:
            raise TypeError(
                f"score_lines: item {number}: expected a dict, a BatchItem or a BatchLine "
                f"(or a JSONL file path for all), got {type(line).__name__}"
            )


def score_lines(
    lines: Iterable[BatchLine | BatchItem | Mapping[str, Any]] | str | Path,
    engine: str | Engine = "judge",
    workers: int | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    max_answer_chars: int | None = MAX_ANSWER_CHARS,
    follow_ups: bool = False,
    **options: Any,
) -> Iterator[dict[str, Any]]:
    """Score batch lines in order; a bad line or a failed evaluation yields an error record.

    ``lines`` is a JSONL file path, or an iterable of dicts with the fields of a batch line
    (``{"id": ..., "question": ..., "answer": ...}``; an invalid one gives an error record
    naming item and field), :class:`BatchItem` or :class:`BatchLine`; anything else is a
    ``TypeError``. Dicts and items are numbered by position, from 1, in error records.
    The lines are one stream to the engine, read as it needs them (the judge encodes the next
    answers while it reads these). A line whose answer is longer than ``max_answer_chars`` is
    an error record, unscored. Once an engine reports its server unavailable
    (:class:`ServerUnavailableError`), the remaining lines are error records too, without
    another request. ``follow_ups``: add a ``follow_ups`` list to each record that has any (off
    by default, so that a record is the same as the server's single ``/score`` reply).
    """
    stream = iter(read_batch(lines) if isinstance(lines, str | Path) else _batch_lines(lines))
    grader = get_engine(engine, **options)
    # Lines read from the stream whose record is not out yet, with their request (None: an
    # error line, written when it comes to the front).
    waiting: deque[tuple[BatchLine, EvaluationRequest | None]] = deque()

    def usable(line: BatchLine) -> tuple[BatchLine, EvaluationRequest | None]:
        """The line with its request, or turned into an error when its answer is too long."""
        if line.item is None:
            return line, None
        request = line.item.request()
        try:
            check_length(request, max_answer_chars)
        except InputError as exc:
            return BatchLine(line.number, line.id, None, f"line {line.number}: {exc}"), None
        return line, request

    def requests() -> Iterator[EvaluationRequest]:
        for line in stream:
            waiting.append(usable(line))
            if waiting[-1][1] is not None:
                yield waiting[-1][1]

    def record(line: BatchLine, outcome: Evaluation | PanelistError | None) -> dict[str, Any]:
        if line.item is None or outcome is None:
            out = {"id": line.id, "error": line.error}
        elif isinstance(outcome, PanelistError):
            out = {"id": line.id, "error": f"line {line.number}: {outcome}"}
        else:
            out = batch_output(line.item.id, outcome)
        if on_result is not None:
            on_result(out)
        return out

    def errors_in_front() -> Iterator[dict[str, Any]]:
        while waiting and waiting[0][1] is None:
            yield record(waiting.popleft()[0], None)

    stopped: ServerUnavailableError | None = None
    results = iter(grader.evaluate_many(requests(), workers=workers))
    try:
        for outcome in results:
            yield from errors_in_front()
            line, request = waiting.popleft()
            assert request is not None  # error lines in front were written above
            result = _guarded(outcome, request, follow_ups)
            yield record(line, result)
            if isinstance(result, ServerUnavailableError):
                stopped = result
                break
    except Exception:
        yield from errors_in_front()  # lines read before the failure still get their record
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    if stopped is None and any(request is not None for _, request in waiting):
        raise RuntimeError(f"engine {grader.name} gave fewer results than it was given answers")
    # The server is gone (or every line is done): report the rest unscored, without asking.
    for line, request in chain(waiting, map(usable, stream)):
        yield record(line, stopped if request is not None else None)
