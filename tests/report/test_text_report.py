from __future__ import annotations

import pytest

from panelist.aggregate import build_report
from panelist.errors import InputError
from panelist.models import Evaluation, Evidence, Flag, Interview, Point
from panelist.report import render
from panelist.report.text import parse_text, render_text
from tests.conftest import SEED_REPORT


def test_reference_report_round_trips_byte_for_byte() -> None:
    original = SEED_REPORT.read_bytes()
    report = parse_text(original.decode("utf-8"), str(SEED_REPORT))
    assert render_text(report).encode("utf-8") == original


def test_parsed_reference_has_its_questions_answers_and_scores() -> None:
    report = parse_text(SEED_REPORT.read_text(encoding="utf-8"))
    assert report.interview.role == "machine learning engineer"
    assert [q.question.id for q in report.interview.items][:2] == ["ML_Q1", "ML_Q2"]
    assert len(report.evaluations) == 9
    assert report.interview.items[0].answer.startswith("In my previous role at a fintech company")
    assert report.evaluations[0].weaknesses[0].text.startswith("Lacks a brief overview")
    assert report.summary.average_score == 95


def _report(example: Interview, unjudged: int | None = None) -> str:
    evaluations = [
        Evaluation(
            question_id=item.question.id,
            score=score,
            criteria={"results": score},
            strengths=[Point(text=f"Strength {n}")],
            weaknesses=[Point(text="No clear outcome is stated", kind="results")],
            improvement_tips=[],
            justification=f"Line one of {n}.\n\nStrengths:\nLine two.",
            flags=[
                Flag(
                    code="blame",
                    message="Blames others.",
                    evidence=[Evidence(quote="x", start=0, end=1)],
                )
            ]
            if n == 2
            else [Flag(code="unsupported_language", message="Not English.")]
            if n == unjudged
            else [],
        )
        for n, (item, score) in enumerate(
            zip(example.items, [90, 40, 70, 55, 80, 60, 75, 85, 65], strict=True)
        )
    ]
    return render_text(build_report(example, evaluations))


def test_panelist_sections_round_trip(example: Interview) -> None:
    text = _report(example)
    assert "Flags:\n  - [blame] Blames others." in text
    assert "Common Weaknesses:\n  - No clear outcome is stated (in 9 of 9 answers)." in text
    assert "Improvement Tips:\n  (none)" in text
    assert "Justification:\nLine one of 1. Strengths: Line two.\n" in text
    assert render_text(parse_text(text)) == text


@pytest.mark.parametrize(
    "spoof",
    [
        "Relevancy Score: 100/100",
        "\nRelevancy Score: 100/100",
        "Relevancy Score: 100/100\n\nStrengths:\n  - Everything.\n",
    ],
)
def test_a_score_line_in_an_answer_stays_answer_text(example: Interview, spoof: str) -> None:
    items = list(example.items)
    items[1] = items[1].model_copy(update={"answer": f"{items[1].answer}\n\n{spoof}"})
    text = _report(example.model_copy(update={"items": items}))
    report = parse_text(text)
    assert [e.score for e in report.evaluations][:3] == [90, 40, 70]
    assert report.interview.items[1].answer == items[1].answer
    assert report.evaluations[1].strengths[0].text == "Strength 1"
    assert render_text(report) == text


def test_summary_is_computed_from_scores(example: Interview) -> None:
    text = _report(example)
    assert "Average Relevancy Score: 68.9/100" in text
    assert "Highest Score: 90/100" in text
    assert "Lowest Score: 40/100" in text


def test_an_answer_not_judged_is_left_out_of_the_figures_and_old_reports_still_read(
    example: Interview,
) -> None:
    text = _report(example, unjudged=1)  # the answer scored 40, as a cap
    judged = "Answers Judged: 8 of 9 (the figures below count only these)\n"
    assert f"Total Questions: 9\n{judged}Average Relevancy Score: 72.5/100\n" in text
    assert "Answers Judged" not in _report(example)
    assert "Lowest Score: 55/100" in text
    assert "Flagged Answers:\n  - unsupported_language: ML_Q2\n  - blame: FEATURE_Q1\n" in text
    assert render_text(parse_text(text)) == text
    assert "Criteria Averages:\n  - results: 72.5/100\n" in text
    # saved before the line of answers judged: reads as it was
    between = text.replace(judged, "")
    assert parse_text(between).summary.judged_questions is None
    assert render_text(parse_text(between)) == between
    # saved before: the same report with the answer counted in the figures reads as it was
    old = between.replace("72.5/100", "68.9/100").replace("Lowest Score: 55/", "Lowest Score: 40/")
    assert parse_text(old).summary.average_score == pytest.approx(68.9)
    assert render_text(parse_text(old)) == old
    with pytest.raises(InputError, match="summary does not match"):
        parse_text(old.replace("Lowest Score: 40/", "Lowest Score: 55/"))


def test_summary_that_disagrees_with_scores_is_rejected() -> None:
    text = SEED_REPORT.read_text(encoding="utf-8").replace(
        "Highest Score: 95/100", "Highest Score: 99/100"
    )
    with pytest.raises(InputError, match=r"line 251: summary does not match"):
        parse_text(text, "r.txt")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Relevancy Score: 95/100", "Relevancy Score: lots", r"line \d+: expected a line like"),
        ("QUESTION 2: ML_Q2", "QUESTION 3: ML_Q2", r"line 36: question 3 is out of order"),
        ("Strengths:", "Pluses:", r"line \d+: expected 'Strengths:'"),
    ],
)
def test_parse_errors_name_the_line(old: str, new: str, message: str) -> None:
    text = SEED_REPORT.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(InputError, match=message):
        parse_text(text, "r.txt")


def test_markdown_and_json_carry_evidence(example: Interview) -> None:
    report = parse_text(_report(example))
    markdown = render(report, "md")
    assert markdown.startswith("# Interview report: machine learning engineer")
    assert "| Highest score | 90/100 (ML_Q1) |" in markdown
    assert '"question_id": "ML_Q1"' in render(report, "json")


def test_a_note_on_the_score_is_a_flag_in_every_format_and_round_trips(example: Interview) -> None:
    """The judge's notes to a reviewer ("Scored as answers with inflated claims are, although
    ...; read it before relying on the score") stood under Weaknesses, with a "tip" that was not
    one for the candidate: they are a ``check_score`` flag, listed under Flagged Answers and
    never counted as a weakness."""
    from panelist.api import evaluate_interview

    report = evaluate_interview(example)
    noted = [e for e in report.evaluations if any(f.code == "check_score" for f in e.flags)]
    assert noted, "some of the example's answers carry such a note"
    for evaluation in noted:
        (note,) = [f for f in evaluation.flags if f.code == "check_score"]
        assert note.message.endswith("before relying on the score.")
        assert not any("relying on the score" in p.text for p in evaluation.weaknesses)
        assert not any(p.kind == "reading" for p in evaluation.weaknesses)
    ids = [e.question_id for e in noted]
    assert report.summary.flagged["check_score"] == ids
    assert not any("relying on the score" in line for line in report.summary.common_weaknesses)
    text = render_text(report)
    assert f"  - check_score: {', '.join(ids)}\n" in text
    assert f"Flags:\n  - [check_score] {noted[0].flags[0].message}\n" in text
    assert render_text(parse_text(text)) == text
    assert f"- `check_score`: {noted[0].flags[0].message}" in render(report, "md")
    assert '"code": "check_score"' in render(report, "json")
