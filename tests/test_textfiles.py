"""Encodings: BOMs, UTF-16/32, undecodable bytes; nothing lost but the bad line."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from panelist import api
from panelist.errors import InputError
from panelist.loaders import load_interview, read_batch
from panelist.textfiles import read_lines, read_text

LINE = {"id": "x", "question": "What did you change?", "answer": "I rewrote the import job."}
INTERVIEW = "role: r\nquestions:\n  - id: Q1\n    text: Why?\n    answer: Parce que j'ai mesuré.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        INTERVIEW.encode("utf-8"),
        codecs.BOM_UTF8 + INTERVIEW.encode("utf-8"),
        INTERVIEW.encode("utf-16"),  # with its byte-order mark
        INTERVIEW.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf32-bom"],
)
def test_interviews_in_every_accepted_encoding(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "i.yaml"
    path.write_bytes(encoded)
    assert load_interview(path).items[0].answer == "Parce que j'ai mesuré."


def test_one_undecodable_line_costs_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    good = json.dumps(LINE).encode()
    path.write_bytes(good + b"\n" + b'{"id": "bad", "answer": "caf\xe9"}\n' + good + b"\n")
    lines = list(read_batch(path))
    assert [line.number for line in lines] == [1, 2, 3]
    assert lines[0].item is not None and lines[2].item is not None
    assert lines[1].item is None and lines[1].error is not None
    assert "line 2, column 29: byte 0xe9 is not UTF-8" in lines[1].error
    assert lines[1].id == "bad"  # what can be read of the line still names it
    records = list(api.score_lines(lines, "rubric"))
    assert [("error" in r) for r in records] == [False, True, False]


def test_a_utf16_batch_with_a_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes((json.dumps(LINE) + "\r\n" + json.dumps(LINE) + "\r\n").encode("utf-16"))
    assert [line.item is not None for line in read_batch(path)] == [True, True]


def test_a_utf16_file_without_a_mark_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(json.dumps(LINE).encode("utf-16-le"))
    with pytest.raises(
        InputError, match=r"UTF-16LE without a byte-order mark; .*iconv -f UTF-16LE"
    ):
        list(read_lines(path))


def test_utf16_in_another_script_without_a_mark_is_still_named(tmp_path: Path) -> None:
    path = tmp_path / "i.yaml"
    path.write_bytes(
        "role: инженер\nquestions:\n  - {id: Q1, text: Почему?, answer: Да}\n".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="looks like UTF-16LE without a byte-order mark"):
        read_text(path)


def test_a_binary_file_is_called_one_not_utf16(tmp_path: Path) -> None:
    path = tmp_path / "i.yaml"
    elf = (
        b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00>\x00\x01\x00\x00\x00" + bytes(range(256)) * 8
    )
    path.write_bytes(elf)
    with pytest.raises(InputError, match=r"i.yaml: is not a text file: it holds NUL bytes"):
        read_text(path)
    path.write_bytes(b"role: r\nquestions: x\x00\n")  # a stray NUL in text is refused too
    with pytest.raises(InputError, match=r"NUL bytes, as binary files do \(the first on line 2\)"):
        read_text(path)


def test_an_undecodable_interview_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "i.yaml"
    path.write_bytes(b"role: r\nquestions:\n  - {id: Q1, text: T, answer: caf\xe9}\n")
    with pytest.raises(InputError, match=r"i.yaml, line 3, column 34: byte 0xe9"):
        read_text(path)


def test_too_long_answers_are_refused_not_scored(tmp_path: Path) -> None:
    huge = "word " * 1_000_000  # 5 MB
    lines = tmp_path / "b.jsonl"
    lines.write_text(json.dumps({**LINE, "answer": huge}) + "\n" + json.dumps(LINE) + "\n")
    records = list(api.score_lines(lines, "rubric"))
    assert "the limit is 40,000" in records[0]["error"] and records[0]["id"] == "x"
    assert "score" in records[1]
    interview = load_interview(api.example_path())
    interview.items[0].answer = huge
    with pytest.raises(InputError, match="question ML_Q1: the answer has 5,000,000 characters"):
        api.evaluate_interview(interview, "rubric")
    interview.items[0].answer = "word " * 10_000  # over the 40,000 limit, quick to score
    with pytest.raises(InputError, match="question ML_Q1: the answer has 50,000 characters"):
        api.evaluate_interview(interview, "rubric")
    unlimited = api.evaluate_interview(interview, "rubric", max_answer_chars=None)
    assert len(unlimited.evaluations) == len(interview.items)
