"""Batch scoring through the Python API: one stream of lines, records in line order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from panelist.api import score_lines
from panelist.engines.judge import engine as engine_module
from panelist.loaders import BatchItem, BatchLine

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


@pytest.mark.parametrize("engine", ["judge", "rubric"])
def test_records_keep_line_order_with_bad_lines_among_them(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PREFETCH", 2)  # several chunks encoded ahead
    lines = _lines(11, bad_every=3)
    records = list(score_lines(lines, engine))
    assert [r["id"] for r in records] == [line.id for line in lines]
    for line, record in zip(lines, records, strict=True):
        assert ("error" in record) == (line.item is None)
        if line.item is None:
            assert record["error"] == line.error


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
