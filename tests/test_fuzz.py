"""Fuzzing the readers: any input gives a result or one of Panelist's own errors.

Property-based (hypothesis). CI runs a fixed, derandomised budget (see ``conftest.py``); run
``HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py`` for a longer random search.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from panelist.errors import PanelistError
from panelist.loaders import load_interview, read_batch
from panelist.models import Interview, Report
from panelist.report import parse_text
from tests.conftest import SEED_REPORT

SEED_LINES = SEED_REPORT.read_text(encoding="utf-8").splitlines()
FIELDS = ["role", "candidate", "job_description", "questions", "id", "text", "answer", "type",
          "reference_points", "anchors", "score", "file", "title", "competency"]  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)
fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _interview_or_error(path: Path) -> None:
    with contextlib.suppress(PanelistError):
        assert isinstance(load_interview(path), Interview)


@fuzz
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".json", ".yml"]))
@example(data=b"?", suffix=".yaml")  # a mapping whose key is null
def test_interview_loader_on_any_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"interview{suffix}"
    path.write_bytes(data)
    _interview_or_error(path)


@fuzz
@given(value=json_values, as_json=st.booleans())
def test_interview_loader_on_any_structure(tmp_path: Path, value: Any, as_json: bool) -> None:
    path = tmp_path / ("i.json" if as_json else "i.yaml")
    path.write_text(json.dumps(value) if as_json else _yaml(value), encoding="utf-8")
    _interview_or_error(path)


@fuzz
@given(
    questions=st.lists(
        st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6), min_size=0, max_size=3
    ),
    jd=json_values,
)
def test_interview_loader_on_near_valid_files(tmp_path: Path, questions: Any, jd: Any) -> None:
    path = tmp_path / "i.json"
    body = {"role": "r", "job_description": jd, "questions": questions}
    path.write_text(json.dumps(body), encoding="utf-8")
    _interview_or_error(path)


@fuzz
@given(lines=st.lists(st.binary(max_size=200) | json_values.map(json.dumps).map(str.encode)))
def test_batch_reader_on_any_lines(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\n".join(lines))
    try:
        parsed = list(read_batch(path))
    except PanelistError:
        return
    for line in parsed:
        assert (line.item is None) != (line.error is None)
        if line.item is not None:
            line.item.request()


edits = st.lists(
    st.tuples(
        st.sampled_from(["drop", "dup", "replace", "swap"]),
        st.integers(0, len(SEED_LINES) - 1),
        st.text(max_size=40),
    ),
    min_size=1,
    max_size=4,
)


@fuzz
@given(edits=edits)
def test_report_parser_on_damaged_reports(edits: list[tuple[str, int, str]]) -> None:
    lines = list(SEED_LINES)
    for op, at, text in edits:
        at %= max(len(lines), 1)
        if not lines:
            break
        if op == "drop":
            del lines[at]
        elif op == "dup":
            lines.insert(at, lines[at])
        elif op == "replace":
            lines[at] = text
        else:
            lines[at], lines[-1] = lines[-1], lines[at]
    _report_or_error("\n".join(lines) + "\n")


@fuzz
@given(text=st.text(max_size=3000))
def test_report_parser_on_any_text(text: str) -> None:
    _report_or_error(text)


def _report_or_error(text: str) -> None:
    with contextlib.suppress(PanelistError):
        assert isinstance(parse_text(text, "fuzz"), Report)


def _yaml(value: Any) -> str:
    import yaml

    return str(yaml.safe_dump(value, allow_unicode=True))
