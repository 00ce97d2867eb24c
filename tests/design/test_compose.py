"""From a job description to an interview file: loading, coverage, mix, duplicates, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from panelist.design import compose_interview, plan_interview
from panelist.design.bank import Kind
from panelist.design.compose import REFERENCE_PLACEHOLDER, slot_kinds, technical_text
from panelist.errors import InputError
from panelist.loaders import load_interview
from panelist.models import Interview, QuestionType
from panelist.text import content_stems
from tests.design.sources import EXAMPLE_JD, JOB_DESCRIPTIONS


def _write(tmp_path: Path, text: str, name: str = "interview.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fill_answers(path: Path) -> None:
    """What a recruiter does: replace each `answer: ""` with the candidate's answer."""
    text = path.read_text(encoding="utf-8")
    filled = text.replace('answer: ""', 'answer: "In my last role I led the work myself."')
    path.write_text(filled, encoding="utf-8")


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_the_written_file_loads_before_and_after_filling_answers(
    path: Path, tmp_path: Path
) -> None:
    jd = path.read_text(encoding="utf-8")
    out = _write(tmp_path, compose_interview(jd))
    empty = load_interview(out)
    assert [item.answer for item in empty.items] == [""] * 6
    assert empty.job_description.text == jd
    _fill_answers(out)
    filled = load_interview(out)
    assert all(item.answer.startswith("In my last role") for item in filled.items)
    assert filled.role == empty.role != ""


def _loaded(path: Path, tmp_path: Path, n: int = 6) -> Interview:
    return load_interview(_write(tmp_path, compose_interview(path.read_text("utf-8"), n=n)))


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_each_question_names_a_requirement_of_the_description(path: Path, tmp_path: Path) -> None:
    jd = path.read_text(encoding="utf-8")
    document = compose_interview(jd)
    for item in _loaded(path, tmp_path).items:
        competency = item.question.competency
        assert competency is not None
        _, sep, requirement = competency.partition(" — ")
        assert sep and requirement in jd
        assert f"# Probes the requirement: {requirement}\n" in document


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_no_duplicate_questions(path: Path, tmp_path: Path) -> None:
    for n in (6, 12):
        items = _loaded(path, tmp_path, n).items
        texts = [item.question.text for item in items]
        assert len({t.lower() for t in texts}) == len(texts)
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                sa, sb = content_stems(a), content_stems(b)
                assert len(sa & sb) / len(sa | sb) < 0.8, (a, b)


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_six_questions_mix_past_situational_and_technical(path: Path) -> None:
    plan = plan_interview(path.read_text(encoding="utf-8"))
    kinds = [q.kind for q in plan.questions]
    assert kinds.count(Kind.PAST) == 3
    assert kinds.count(Kind.SITUATIONAL) == 1
    assert kinds.count(Kind.TECHNICAL) == 2
    requirements = [q.requirement.text for q in plan.questions]
    assert len(set(requirements)) == len(requirements), "six requirements, each probed once"


def test_slot_kinds_are_two_past_one_situational_one_technical_per_four() -> None:
    kinds = slot_kinds(8)
    assert kinds.count(Kind.PAST) == 4
    assert kinds.count(Kind.SITUATIONAL) == kinds.count(Kind.TECHNICAL) == 2


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_technical_questions_have_placeholders_never_invented_points(
    path: Path, tmp_path: Path
) -> None:
    document = compose_interview(path.read_text(encoding="utf-8"))
    assert 'replace every reference point starting with "TODO:"' in document
    for item in _loaded(path, tmp_path).items:
        question = item.question
        if question.type is QuestionType.TECHNICAL:
            assert question.reference_points == [REFERENCE_PLACEHOLDER]
            assert question.text.startswith(("Walk me through", "The role asks for"))
        else:
            assert question.reference_points == []


@pytest.mark.parametrize("n", [1, 2, 4, 7, 10])
def test_n_is_respected(n: int, tmp_path: Path) -> None:
    assert len(_loaded(EXAMPLE_JD, tmp_path, n).items) == n


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_same_input_same_bytes(path: Path) -> None:
    jd = path.read_text(encoding="utf-8")
    assert compose_interview(jd).encode() == compose_interview(jd).encode()


def test_role_defaults_to_the_heading_and_can_be_given() -> None:
    jd = EXAMPLE_JD.read_text(encoding="utf-8")
    assert yaml.safe_load(compose_interview(jd))["role"] == "Machine Learning Engineer"
    assert yaml.safe_load(compose_interview(jd, role="ML engineer II"))["role"] == "ML engineer II"


@pytest.mark.parametrize(
    ("jd", "message"),
    [
        ("# Analyst\n\nWe want someone great. You will analyse data.\n", "no requirements"),
        ("- Write clear reports for the team.\n", "no title heading"),
        ("", "is empty"),
        ("  \r\n\n", "is empty"),
    ],
)
def test_unusable_descriptions_are_one_line_errors(jd: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        compose_interview(jd)
    assert "\n" not in str(info.value)


def test_a_description_without_heading_works_with_a_role(tmp_path: Path) -> None:
    jd = "- Write clear reports for the team.\n- Partner with sales on pricing.\n"
    interview = load_interview(_write(tmp_path, compose_interview(jd, n=3, role="Analyst")))
    assert interview.role == "Analyst"
    assert len(interview.items) == 3


@pytest.mark.parametrize("n", [0, 31])
def test_n_out_of_range_is_refused(n: int) -> None:
    with pytest.raises(InputError, match="between 1 and 30"):
        compose_interview(EXAMPLE_JD.read_text(encoding="utf-8"), n=n)


def test_awkward_text_survives_the_round_trip(tmp_path: Path) -> None:
    jd = (
        '# Role: "quoted" #1\n\n  indented first line\ttab\n'
        "- Handle customer escalations: calmly, with \"quotes\" & 'apostrophes' # not a comment\n"
        "- Trailing spaces here   \n"
    )
    interview = load_interview(_write(tmp_path, compose_interview(jd, n=2)))
    assert interview.job_description.text == jd
    assert interview.role == 'Role: "quoted" #1'


@pytest.mark.parametrize(
    ("requirement", "question"),
    [
        ("Write and optimise SQL.", "Walk me through how you would write and optimise SQL. Cover "),
        ("Strong Python.", 'The role asks for: "Strong Python". Walk me through how you would'),
    ],
)
def test_technical_question_wording(requirement: str, question: str) -> None:
    assert technical_text(requirement).startswith(question)
    assert re.search(r"mistakes to avoid\.$", technical_text(requirement))


def test_placeholders_must_be_filled_before_evaluating(tmp_path: Path) -> None:
    from panelist.api import evaluate_interview
    from panelist.errors import InputError

    out = _write(tmp_path, compose_interview(EXAMPLE_JD.read_text("utf-8"), n=2))
    _fill_answers(out)
    with pytest.raises(InputError, match=r"question Q2_TECHNICAL: .*still a placeholder"):
        evaluate_interview(out, "rubric")
    text = out.read_text(encoding="utf-8").replace(
        "TODO: replace with a point a correct answer must cover (one per line)",
        "Versioned features shared by training and serving",
    )
    out.write_text(text, encoding="utf-8")
    assert len(evaluate_interview(out, "rubric").evaluations) == 2


def test_the_server_refuses_to_import_placeholders() -> None:
    pytest.importorskip("sqlalchemy")
    from panelist.errors import InputError
    from panelist.server.questionsets import parse_yaml

    text = compose_interview(EXAMPLE_JD.read_text("utf-8"), n=2)
    with pytest.raises(InputError, match=r"questions\[1\].reference_points: .*placeholder"):
        parse_yaml(text)
    filled = text.replace("TODO: replace with a point", "Explains")
    assert len(parse_yaml(filled).questions) == 2


NURSE = """# Registered Nurse, Emergency Department

## What you will do
- Triage and assess incoming patients using the Manchester Triage System
- Administer medications and IV therapy safely, following the five rights
- Communicate clearly with patients, families and the wider care team during stressful situations
- Escalate deteriorating patients promptly using NEWS2 scores
- Mentor student nurses and newly qualified staff on shift
- Keep accurate, timely clinical records

## Requirements
- Current NMC registration is essential
- Must hold Immediate Life Support (ILS) certification
- 2+ years of acute care experience
- Calm under pressure and able to prioritise competing demands
"""


def test_credentials_are_for_the_cv_screen_and_every_duty_is_covered_first() -> None:
    plan = plan_interview(NURSE, n=7)
    probed = [q.requirement.text for q in plan.questions]
    assert len(set(probed)) == 7  # seven different requirements for seven questions
    for screened in ("NMC registration", "certification", "2+ years"):
        assert not any(screened in p for p in probed)
    technical = {q.requirement.text for q in plan.questions if q.kind is Kind.TECHNICAL}
    assert "Escalate deteriorating patients promptly using NEWS2 scores" in technical
    # Asked for more questions than there are duties, credentials still get no technical one.
    many = plan_interview(NURSE, n=12)
    assert not any(q.requirement.screen for q in many.questions if q.kind is Kind.TECHNICAL)


def test_a_crlf_description_is_read_like_any_other() -> None:
    assert compose_interview(NURSE.replace("\n", "\r\n"), n=4) == compose_interview(NURSE, n=4)
