from __future__ import annotations

import json
from pathlib import Path

import pytest

from panelist.errors import InputError
from panelist.loaders import example_path, load_interview, read_batch
from panelist.models import QuestionType
from tests.conftest import SEED_REPORT


def test_example_has_the_reference_questions_and_answers_verbatim() -> None:
    interview = load_interview(example_path())
    seed = SEED_REPORT.read_text(encoding="utf-8")
    assert [i.question.id for i in interview.items] == [
        "ML_Q1", "ML_Q2", "FEATURE_Q1", "PROD_ML_Q1", "PROD_ML_Q2",
        "MONITOR_Q1", "COLLAB_Q1", "ENG_EX_Q1", "ENG_EX_Q2",
    ]  # fmt: skip
    for item in interview.items:
        assert f"\n{item.question.text}\n\nCandidate Answer:\n{item.answer}\n\n" in seed
    assert "feature store" in interview.job_description.text


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_with_job_description_file(tmp_path: Path) -> None:
    _write(tmp_path, "jd.md", "# Analyst\n- Write SQL against the warehouse\n")
    path = _write(
        tmp_path,
        "i.yaml",
        "role: analyst\njob_description: jd.md\nquestions:\n"
        '  - {id: Q1, text: "Why SQL?", type: technical, answer: Because.}\n',
    )
    interview = load_interview(path)
    assert interview.job_description.text.startswith("# Analyst")
    assert interview.items[0].question.type is QuestionType.TECHNICAL


def test_json_with_inline_job_description(tmp_path: Path) -> None:
    data = {
        "role": "sre",
        "job_description": {"title": "SRE", "text": "Keep things up."},
        "questions": [{"id": "Q1", "text": "Tell me...", "answer": "I did."}],
    }
    interview = load_interview(_write(tmp_path, "i.json", json.dumps(data)))
    assert interview.job_description.title == "SRE"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.yaml", "role: x\nquestions:\n  - {id: Q1, text: T}\n", r"a.yaml: field questions\[0\].answer: Field required"),
        ("b.yaml", "role: x\nquestions: []\n", r"field questions: List should have at least 1 item"),
        ("c.yaml", "role: [unclosed\n", r"c.yaml, line \d+: invalid YAML"),
        ("d.json", '{"role": "x",\n "questions": [}', r"d.json, line 2: invalid JSON"),
        ("e.yaml", "role: x\njob_description: missing.md\nquestions:\n  - {id: Q1, text: T, answer: A}\n",
         r"field job_description: no such file .missing.md"),
        ("f.yaml", "role: x\nquestions:\n  - {id: Q1, text: T, answer: A}\n  - {id: Q1, text: U, answer: B}\n",
         r"question id 'Q1' is used twice"),
        ("g.yaml", "role: x\nquestions:\n  - {id: Q1, text: T, answer: A, colour: red}\n",
         r"field questions\[0\].colour: Extra inputs are not permitted"),
        ("k.yaml", "role: x\nquestions:\n  - {id: Q1, text: T, answer: A}\n  - {id: Q 2, text: T, answer: A}\n",
         r"field questions\[1\].id: 'Q 2' has a space: use one word, such as Q1 or SAFETY_Q1$"),
        ("l.yaml", "role: x\nquestions:\n  - id: Q1\n    text:\n    answer: A\n",
         r"field questions\[0\].text: has no value: write the text$"),
        ("h.yaml", "role: x\nquestions:\n  - {id: Q1, text: T, answer: yes}\n",
         r"field questions\[0\].answer: is true, not text \(YAML reads yes, no, on and off so\): put the text in quotes$"),
        ("i.yaml", "role: x\nquestions:\n  - {id: Q1, text: T, answer: 2019}\n",
         r"field questions\[0\].answer: is the number 2019, not text: put it in quotes$"),
        ("j.yaml", "role: x\nquestions:\n  - id: Q1\n    text: T\n    answer:\n",
         r'field questions\[0\].answer: has no value: write the text, in quotes \(""\) if there is none$'),
    ],
)  # fmt: skip
def test_bad_interview_files_name_the_problem(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_interview(_write(tmp_path, name, text))


def test_a_misspelt_batch_field_is_named_with_the_missing_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "questoin": "Q?", "answer": "A."}),
        json.dumps({"id": "b", "question": "Q?", "colour": "red"}),
    ]
    first, second = read_batch(_write(tmp_path, "b.jsonl", "\n".join(lines)))
    assert first.error == (
        "line 1: field question: Field required (a misspelt field? found 'questoin' for 'question')"
    )
    assert second.error == "line 2: field answer: Field required"
    nested = {"id": "c", "question": "Q?", "answer": "A.", "follow_ups": [{"question": "F?"}]}
    (third,) = read_batch(_write(tmp_path, "c.jsonl", json.dumps({**nested, "follow_up": 1})))
    assert third.error == "line 1: field follow_ups[0].answer: Field required"  # no hint


def test_a_misspelt_optional_batch_field_is_ignored_with_a_warning(tmp_path: Path) -> None:
    base = {"id": "a", "question": "Q?", "answer": "A."}
    lines = [
        json.dumps({**base, "refernce_points": ["latency"], "notes": "x", "label": 2}),
        json.dumps({**base, "reference_points": ["latency"], "style": "terse"}),
    ]
    first, second = read_batch(_write(tmp_path, "b.jsonl", "\n".join(lines)))
    assert first.item is not None and first.item.reference_points is None
    assert first.warnings == (
        "line 1: unknown field 'refernce_points' (did you mean 'reference_points'?); ignored",
    )
    assert second.item is not None and second.warnings == ()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_interview(tmp_path / "nope.yaml")


def test_batch_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "question": "Q?", "answer": "A.", "score": 50}),
        "{not json",
        json.dumps({"id": "c", "answer": "no question"}),
        "",
        json.dumps({"id": 7, "question": "Q?", "answer": "A.", "question_type": "technical",
                    "reference_answers": [{"text": "R1"}, "R2"]}),
    ]  # fmt: skip
    parsed = list(read_batch(_write(tmp_path, "b.jsonl", "\n".join(lines))))
    assert [p.number for p in parsed] == [1, 2, 3, 5]
    assert parsed[0].item is not None and parsed[0].error is None
    assert (
        parsed[1].error
        == "line 2: invalid JSON: Expecting property name enclosed in double quotes (column 2)"
    )
    assert parsed[2].id == "c"
    assert parsed[2].error == "line 3: field question: Field required"
    request = parsed[3].item.request()  # type: ignore[union-attr]
    assert parsed[3].id == "7"
    assert request.question.alternative_answers == ["R1", "R2"]
