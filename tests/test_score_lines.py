"""Batch scoring through the Python API: one stream of lines, records in line order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import pytest

from panelist.api import score_lines
from panelist.engines.base import Engine, EvaluationRequest
from panelist.engines.judge import engine as engine_module
from panelist.errors import PanelistError
from panelist.loaders import BatchItem, BatchLine
from panelist.models import Evaluation

QUESTION = "Tell me about a time you handled a production incident."
ANSWER = (
    "Our payment API went down during a release. I was on call, rolled the release back within "
    "ten minutes, found the renamed config flag and added a pre-deploy check for it."
)


def _lines(count: int, bad_every: int = 0) -> list[BatchLine]:
    out = []
    for n in range(1, count + 1):
        if bad_every and n % bad_every == 0:
            out.append(BatchLine(n, f"a{n}", None, f"line {n}: answer: Field required"))
        else:
            item = BatchItem(id=f"a{n}", question=QUESTION, answer=f"{ANSWER} ({n})")
            out.append(BatchLine(n, f"a{n}", item, None))
    return out


class _Breaks(Engine):
    """Scores 50, and fails unexpectedly (not a PanelistError) on an answer saying "crash"."""

    name: ClassVar[str] = "breaks"
    version: ClassVar[str] = "0"

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        if "crash" in request.answer:
            raise RuntimeError("engine bug")
        return Evaluation(question_id=request.question.id, score=50, engine=self.name)


def _bad(n: int) -> BatchLine:
    return BatchLine(n, f"a{n}", None, f"line {n}: not JSON")


def _good(n: int, answer: str = ANSWER) -> BatchLine:
    return BatchLine(n, f"a{n}", BatchItem(id=f"a{n}", question=QUESTION, answer=answer), None)


@pytest.mark.parametrize("engine", ["judge", "rubric"])
@pytest.mark.parametrize("first_bad", [False, True])
def test_records_keep_line_order_with_bad_lines_among_them(
    engine: str, first_bad: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PREFETCH", 2)  # several chunks encoded ahead
    lines = _lines(11, bad_every=3)
    if first_bad:
        lines = [_bad(0), _bad(0), *lines, _bad(12)]
    records = list(score_lines(lines, engine))
    assert [r["id"] for r in records] == [line.id for line in lines]
    for line, record in zip(lines, records, strict=True):
        assert ("error" in record) == (line.item is None)
        if line.item is None:
            assert record["error"] == line.error


@pytest.mark.parametrize("workers", [1, 2])
def test_lines_before_an_engine_failure_keep_their_records(workers: int) -> None:
    """An unexpected engine error stops the batch; every line before it has its record."""
    lines = [_good(1), _bad(2), _bad(3), _good(4, "crash"), _good(5)]
    seen: list[dict[str, object]] = []
    records = score_lines(lines, _Breaks(), workers=workers, on_result=seen.append)
    out = []
    with pytest.raises(RuntimeError, match="engine bug"):
        for record in records:
            out.append(record)
    assert [r["id"] for r in out] == ["a1", "a2", "a3"] and seen == out


def test_an_engine_returning_too_few_results_is_an_error() -> None:
    class _Short(_Breaks):
        def evaluate_many(
            self, requests: Iterable[EvaluationRequest], workers: int | None = None
        ) -> Iterator[Evaluation | PanelistError]:
            yield from list(super().evaluate_many(requests))[:1]

    with pytest.raises(RuntimeError, match="fewer results"):
        list(score_lines([_good(1), _good(2)], _Short()))


def test_trailing_bad_lines_and_over_long_answers_are_reported() -> None:
    lines = _lines(2)
    long = BatchItem(id="long", question=QUESTION, answer="word " * 50)
    lines += [BatchLine(3, "long", long, None), BatchLine(4, "b", None, "line 4: not JSON")]
    records = list(score_lines(lines, "judge", max_answer_chars=200))
    assert [r["id"] for r in records] == ["a1", "a2", "long", "b"]
    assert "score" in records[1]
    assert records[2]["error"].startswith("line 3: ") and "limit is 200" in records[2]["error"]
    assert records[3]["error"] == "line 4: not JSON"


def test_lines_are_read_as_the_engine_needs_them() -> None:
    """A large batch is a stream: the first record comes before the last line is read."""
    read = 0

    def stream() -> Iterator[BatchLine]:
        nonlocal read
        for line in _lines(500):
            read += 1
            yield line

    records = score_lines(stream(), "rubric")
    assert next(records)["id"] == "a1"
    assert read == 1
    records.close()


def test_plain_dicts_are_validated_as_batch_items() -> None:
    items = [{"id": "x", "question": QUESTION, "answer": ANSWER}, {"id": "y", "question": "Q"}]
    first, second = score_lines(items, "rubric")
    assert first["id"] == "x" and 0 <= first["score"] <= 100
    assert second == {"id": "y", "error": "item 2: field answer: Field required"}


def test_anything_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="item 1: expected a dict, a BatchItem or a BatchLine"):
        list(score_lines(['{"id": "x"}'], "rubric"))
