"""Follow-up questions: the right one for each gap, none for a complete or unjudged answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from panelist.api import evaluate_interview, get_engine, score_lines
from panelist.cli import cli
from panelist.engines.base import Engine, EvaluationRequest
from panelist.followups import followups
from panelist.loaders import BatchItem, BatchLine, example_path, load_interview
from panelist.models import (
    Evaluation,
    Evidence,
    Flag,
    FollowUp,
    Point,
    Question,
    QuestionAnswer,
    QuestionType,
)
from panelist.report import parse_text, render, render_markdown, render_text
from tests.engines.test_judge import GOOD

INCIDENT = Question(
    id="INC",
    text="Tell me about a time you handled a production incident. What was your specific role?",
)
PIPELINE = Question(id="PIPE", text="Tell me about a time you improved a slow data pipeline.")
DISAGREE = Question(
    id="DIS",
    text="Tell me about a time you disagreed with a colleague about a technical decision. "
    "How did you communicate your position, and what did you learn?",
)
IMBALANCE = Question(
    id="IMB",
    type=QuestionType.TECHNICAL,
    text="How would you handle class imbalance when training a fraud classifier?",
    reference_points=[
        "Use class weights or resampling such as SMOTE",
        "Evaluate with precision-recall or PR-AUC rather than accuracy",
        "Tune the decision threshold to the business cost",
    ],
)

ALL_WE = (
    "Last year our payments API started failing at night. We looked at the logs and we found a "
    "bad deploy. We rolled it back and we wrote a postmortem. We also added alerts so we would "
    "catch it sooner. Errors stopped within an hour."
)
NO_RESULT = (
    "At my last job the nightly pipeline that loaded sales data took six hours. I profiled each "
    "step and found that a join in Spark was shuffling the whole table. I rewrote the join to "
    "broadcast the small dimension table and I partitioned the fact table by date. I also added "
    "monitoring on each stage in Airflow."
)
NO_LESSON = (
    "My colleague wanted to use a NoSQL database for our billing service. I thought a relational "
    "database was safer because billing needs transactions. I wrote a short comparison of both "
    "options with the failure cases. In the end we chose PostgreSQL and the service has run "
    "without data errors since launch."
)
#: A specific, strong story that never says what was learned.
STRONG_NO_LESSON = (
    "Last spring my colleague Dana wanted to move our billing service from PostgreSQL to a NoSQL "
    "store to make reads faster. I disagreed, because billing needs transactions across several "
    "rows and we had had two double-charge incidents the year before. I asked for a thirty-minute "
    "meeting and brought a one-page comparison of the failure cases of each option, including "
    "what a half-written invoice would look like to a customer. I also profiled the slow queries "
    "and showed that two indexes brought the read time from 900 ms to 120 ms. We kept PostgreSQL, "
    "added the indexes, and the service has run without a billing error since."
)
HALF_TECHNICAL = (
    "I would use class weights in the loss so the rare fraud class counts more, or oversample it "
    "with SMOTE. Then I would train the model as usual and check the accuracy on a test set."
)
BRIEF = "I was on call when the API went down. I restarted the service and it came back."
ANOTHER_STORY = (
    "I organised our team's move to a new office last year. I planned the seating, booked the "
    "movers and set up the network so that everyone could work on the Monday."
)


def _evaluation(score: int, *weaknesses: Point, flags: tuple[Flag, ...] = ()) -> Evaluation:
    return Evaluation(question_id="Q", score=score, weaknesses=list(weaknesses), flags=list(flags))


def _span(answer: str, quote: str) -> Evidence:
    start = answer.index(quote)
    return Evidence.of(answer, start, start + len(quote))


@pytest.fixture(scope="module")
def judge() -> Engine:
    return get_engine("judge")


def _judged(judge: Engine, question: Question, answer: str) -> list[FollowUp]:
    evaluation = judge.evaluate(EvaluationRequest(question=question, answer=answer))
    return followups(evaluation, question, answer)


# The judge end to end, on answers written for each gap.


def test_all_we_asks_for_the_candidates_own_part(judge: Engine) -> None:
    asks = _judged(judge, INCIDENT, ALL_WE)
    assert asks[0].reason == "no_personal_role"
    we_only = [s.strip() for s in ALL_WE.split(".") if s.strip().startswith("We")]
    assert any(asks[0].text.startswith(f'You said "{s}".') for s in we_only), asks[0].text
    assert "your own part" in asks[0].text
    # the question's "what was your specific role?" part is not asked a second time
    assert [a.reason for a in asks].count("no_personal_role") == 1
    assert "missing_part" not in [a.reason for a in asks]
    ev = asks[0].evidence[0]
    assert ALL_WE[ev.start : ev.end] == ev.quote


def test_no_result_asks_what_came_of_the_last_action(judge: Engine) -> None:
    asks = _judged(judge, PIPELINE, NO_RESULT)
    assert [a.reason for a in asks] == ["no_result"]
    assert asks[0].text == (
        'You said "I partitioned the fact table by date". What came of it, and how did you '
        "measure the result?"
    )


def test_missing_part_of_a_two_part_question(judge: Engine) -> None:
    asks = _judged(judge, DISAGREE, STRONG_NO_LESSON)
    assert [a.reason for a in asks] == ["missing_part"]
    assert asks[0].text == "Coming back to part of the question: What did you learn?"


def test_reference_points_not_covered(judge: Engine) -> None:
    asks = _judged(judge, IMBALANCE, HALF_TECHNICAL)
    points = [a.reference_point for a in asks if a.reason == "reference_point"]
    assert points == IMBALANCE.reference_points[1:]
    assert "Use class weights" not in " ".join(a.text for a in asks)


def test_too_brief_asks_to_walk_through(judge: Engine) -> None:
    asks = _judged(judge, INCIDENT, BRIEF)
    assert asks[0].reason == "too_brief"
    assert "walk me through" in asks[0].text
    assert "no_result" not in [a.reason for a in asks]  # the walk-through asks for it


def test_a_strong_answer_gets_none(judge: Engine) -> None:
    question = Question(id="Q", text="Tell me about a production incident you handled.")
    assert _judged(judge, question, GOOD) == []


# Exact units on constructed evaluations.


def test_off_topic_asks_for_the_situation_of_the_question_and_nothing_else() -> None:
    flag = Flag(code="off_topic", message="...", evidence=[_span(ANOTHER_STORY, "I organised")])
    evaluation = _evaluation(
        30,
        Point(text="Appears to answer ...", kind="off_topic"),
        Point(text="No clear outcome or result is stated", kind="results"),
        flags=(flag,),
    )
    asks = followups(evaluation, INCIDENT, ANOTHER_STORY)
    assert [(a.reason, a.text) for a in asks] == [
        (
            "off_topic",
            'That example seems to be about something else. The question was: "Tell me about a '
            'time you handled a production incident." Can you give an example that fits it?',
        )
    ]


def test_no_result_asks_about_an_action_not_a_lesson_or_a_wish() -> None:
    """Seven training answers were asked 'You said "I learned to proofread more carefully". What
    came of it ...?': a lesson, a thought or a wish is no action to ask the result of (the
    judge's feedback never counted them as actions; the follow-ups had their own pattern)."""
    answer = (
        "I noticed it later and sent a correction to the whole list. What I learned to do is "
        "proofread more carefully, and I realised that I wanted a second reader. I wondered "
        "whether a checklist would help. I need a second reader for anything to clients."
    )
    weakness = Point(text="No clear outcome or result is stated", kind="results")
    asks = followups(_evaluation(45, weakness), INCIDENT, answer)
    (ask,) = [a for a in asks if a.reason == "no_result"]
    assert ask.text.startswith('You said "I noticed it later and sent a correction')


def test_hypothetical_asks_for_a_real_time() -> None:
    answer = "I would check the logs first, then I would roll back the release."
    evaluation = _evaluation(
        40,
        Point(text="Describes ...", kind="hypothetical", evidence=[_span(answer, answer)]),
        Point(text="No clear outcome or result is stated", kind="results"),
    )
    asks = followups(evaluation, INCIDENT, answer)
    assert [a.reason for a in asks] == ["hypothetical"]
    assert asks[0].text.startswith('You said "I would check the logs first". Can you tell me')


def test_a_general_answer_is_asked_for_detail_not_whether_it_happened() -> None:
    """A dev answer that tells a password rotation thinly was asked 'You said "It made the
    process much more reliable ...". Can you tell me about a specific time you actually did
    this'; a general answer most often tells a case, and is asked for its detail."""
    answer = "I automated the rotation. It made the process much more reliable."
    quoted = "It made the process much more reliable."
    weakness = Point(text="Stays general ...", kind="generic", evidence=[_span(answer, quoted)])
    (ask,) = followups(_evaluation(50, weakness), INCIDENT, answer)
    assert ask.reason == "hypothetical"  # the reason's name, as the API has always given it
    assert ask.text == (
        'You said "It made the process much more reliable". Can you take me through that in '
        "detail: what happened, what you did step by step and what changed?"
    )
    assert "actually did" not in ask.text


@pytest.mark.parametrize(
    ("quoted", "lesson"),
    [
        ("What I learned is that communication is key.", True),
        ("It taught me to test thoroughly.", True),
        ("The main lesson for me was that preparation is key.", True),
        # a teacher's lesson is a class, not what was learned
        ("One time my lesson on graphing went badly.", False),
    ],
)
def test_a_general_answer_is_not_asked_for_the_detail_of_a_lesson(
    quoted: str, lesson: bool
) -> None:
    """A training answer was asked 'You said "What I learned about myself is that I need to be
    honest". Can you take me through that in detail ...?': a lesson is not what happened, so
    the next sentence the weakness quotes is asked about, or, with none, the plain wording."""
    story = "I had a demo once where things didn't go as planned."
    answer = f"{quoted} {story}"
    quotes = [_span(answer, quoted), _span(answer, story)]
    (ask,) = followups(
        _evaluation(50, Point(text="...", kind="generic", evidence=quotes)), INCIDENT, answer
    )
    asked = story if lesson else quoted
    assert ask.text.startswith(f'You said "{asked[:20]}')
    alone = Point(text="...", kind="generic", evidence=[_span(quoted, quoted)])
    (ask,) = followups(_evaluation(50, alone), INCIDENT, quoted)
    assert ask.text.startswith("Can you take me through one case") is lesson


def test_a_usual_process_is_asked_about_by_the_clause_that_tells_the_habit() -> None:
    """The example's last answer was asked about its first clause, "To ensure code quality",
    which says nothing of a habit; the clause that does is "I follow several strategies"."""
    answer = (
        "To ensure code quality, I follow several strategies. I write docstrings and keep "
        "functions short."
    )
    quoted = "To ensure code quality, I follow several strategies."
    weakness = Point(text="Describes ...", kind="general_process", evidence=[_span(answer, quoted)])
    (ask,) = followups(_evaluation(40, weakness), INCIDENT, answer)
    assert ask.text.startswith('You said "I follow several strategies". Can you tell me')
    # "I follow up" is not a habit
    followed = "To be safe, I follow up a week later with the customer."
    weakness = Point(
        text="Describes ...", kind="general_process", evidence=[_span(followed, followed)]
    )
    (ask,) = followups(_evaluation(40, weakness), INCIDENT, followed)
    assert ask.text.startswith('You said "To be safe". Can you tell me')
    # with no word of habit quoted, the first clause as before
    plain = answer.replace("I follow", "there are")
    weakness = Point(text="Describes ...", kind="general_process", evidence=[_span(plain, plain)])
    (ask,) = followups(_evaluation(40, weakness), INCIDENT, plain)
    assert ask.text.startswith('You said "To ensure code quality". Can you tell me')


def test_rubric_kinds_map_to_their_reasons() -> None:
    part = "What did you learn"
    evaluation = _evaluation(
        50,
        Point(text="Does not say what was learned", kind="part", question_part=part),
        Point(text="Says what was done but rarely why", kind="reasoning"),
        Point(text="The candidate's own actions are hard to pick out", kind="actions"),
        Point(text="Few specifics", kind="specificity"),
    )
    asks = followups(evaluation, DISAGREE, NO_LESSON)
    assert [a.reason for a in asks] == ["missing_part", "no_personal_role", "no_reasoning"]
    assert asks[0].text == "Coming back to part of the question: What did you learn?"
    assert asks[2].text == (
        'You said "I wrote a short comparison of both options with the failure cases". Why did '
        "you choose that, and what else did you consider?"
    )


def test_rubric_accuracy_weakness_names_its_reference_point() -> None:
    point = IMBALANCE.reference_points[2]
    weakness = Point(text=f'Misses a key point: "{point}"', kind="accuracy", question_part=point)
    asks = followups(_evaluation(60, weakness), IMBALANCE, HALF_TECHNICAL)
    assert asks == [
        FollowUp(
            text=f'What else would you take into account here? (Listen for: "{point}")',
            reason="reference_point",
            reference_point=point,
        )
    ]


def test_inflated_figure_asks_how_it_was_measured() -> None:
    answer = "I tuned the model. The result was a reduction in false positives to 8% overall."
    sentence = _span(answer, "The result was a reduction in false positives to 8% overall.")
    flag = Flag(code="inflated_claims", message="...", evidence=[sentence])
    evaluation = _evaluation(40, Point(text="Claims ...", kind="inflated_claims"), flags=(flag,))
    (ask,) = followups(evaluation, PIPELINE, answer)
    assert ask.reason == "unverified_claim"
    assert ask.text.startswith('You said "The result was a reduction in false positives to 8%')
    assert "baseline" in ask.text


def test_at_most_three_most_important_first_and_deterministic() -> None:
    evaluation = _evaluation(
        40,
        Point(text="...", kind="results"),
        Point(text="...", kind="reasoning"),
        Point(text="...", kind="no_personal_role"),
        Point(text="...", kind="accuracy", question_part=IMBALANCE.reference_points[1]),
        Point(text="...", kind="accuracy", question_part=IMBALANCE.reference_points[2]),
    )
    asks = followups(evaluation, IMBALANCE, HALF_TECHNICAL)
    assert [a.reason for a in asks] == ["reference_point", "reference_point", "no_personal_role"]
    assert asks == followups(evaluation, IMBALANCE, HALF_TECHNICAL)


@pytest.mark.parametrize(
    ("evaluation", "why"),
    [
        (_evaluation(90), "complete"),
        (_evaluation(60), "no gap found"),
        (
            _evaluation(
                10,
                Point(text="Not in English", kind="unsupported_language"),
                flags=(Flag(code="unsupported_language", message="..."),),
            ),
            "not judged",
        ),
        (
            _evaluation(
                20,
                Point(text="Contains an instruction to the grader", kind="grader_instruction"),
                flags=(Flag(code="grader_instruction", message="..."),),
            ),
            "a matter for the reviewer",
        ),
    ],
)
def test_none(evaluation: Evaluation, why: str) -> None:
    assert followups(evaluation, PIPELINE, NO_RESULT) == [], why


def test_a_non_answer_is_asked_again() -> None:
    evaluation = _evaluation(
        5,
        Point(text="No substantive answer", kind="non_answer"),
        flags=(Flag(code="non_answer", message="..."),),
    )
    asks = followups(evaluation, PIPELINE, "No idea.")
    assert [(a.reason, a.text) for a in asks] == [
        ("ask_again", f"Let me ask that again: {PIPELINE.text}")
    ]


# Reports, the API and the CLI.


@pytest.fixture(scope="module")
def example_reports() -> tuple[str, str]:
    """The built-in example, plus an answer that names no part of the candidate's own."""
    example = load_interview(example_path())
    interview = example.model_copy(
        update={"items": [*example.items, QuestionAnswer(question=INCIDENT, answer=ALL_WE)]}
    )
    on = evaluate_interview(interview)
    off = evaluate_interview(interview, follow_ups=False)
    return render(on, "json"), render(off, "json")


def test_an_interview_has_follow_ups_only_when_asked(example_reports: tuple[str, str]) -> None:
    on, off = (json.loads(r) for r in example_reports)
    assert any(e.get("follow_ups") for e in on["evaluations"])
    assert all("follow_ups" not in e for e in off["evaluations"])  # JSON unchanged without them


def test_text_report_with_follow_ups_parses_back(example_reports: tuple[str, str]) -> None:
    from panelist.models import Report

    report = Report.model_validate_json(example_reports[0])
    text = render_text(report)
    assert "Follow-up Questions:\n  - [" in text
    parsed = parse_text(text)
    assert render_text(parsed) == text
    assert [[f.text for f in e.follow_ups] for e in parsed.evaluations] == [
        [f.text for f in e.follow_ups] for e in report.evaluations
    ]
    assert "### Follow-up questions" in render_markdown(report)


def test_text_report_without_follow_ups_has_no_section(example_reports: tuple[str, str]) -> None:
    from panelist.models import Report

    text = render_text(Report.model_validate_json(example_reports[1]))
    assert "Follow-up" not in text


def test_cli_no_follow_ups(tmp_path: Path) -> None:
    interview = tmp_path / "interview.yaml"
    interview.write_text(
        json.dumps(
            {"role": "SRE", "questions": [{"id": "INC", "text": INCIDENT.text, "answer": ALL_WE}]}
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    on = runner.invoke(cli, ["evaluate", str(interview), "--format", "md"])
    off = runner.invoke(cli, ["evaluate", str(interview), "--format", "md", "--no-follow-ups"])
    assert on.exit_code == off.exit_code == 0
    assert "### Follow-up questions" in on.stdout
    assert "Follow-up" not in off.stdout


def test_batch_records_carry_follow_ups_on_request() -> None:
    item = BatchItem(id="a", question=PIPELINE.text, answer=NO_RESULT)
    (record,) = score_lines([BatchLine(1, "a", item, None)], follow_ups=True)
    assert record["follow_ups"][0]["reason"] == "no_result"
    (plain,) = score_lines([BatchLine(1, "a", item, None)])
    assert "follow_ups" not in plain  # off by default: the same record as the server's /score


HYPOTHETICAL = (
    "I would first check the dashboards and the logs to see what changed. Then I would roll back "
    "the last release if needed and I would tell the team. After that I would write a postmortem "
    "so it does not happen again."
)


@pytest.mark.parametrize(
    ("answer", "reason"), [(ALL_WE, "no_personal_role"), (HYPOTHETICAL, "hypothetical")]
)
def test_the_rubric_engine_end_to_end(answer: str, reason: str) -> None:
    rubric = get_engine("rubric")
    evaluation = rubric.evaluate(EvaluationRequest(question=INCIDENT, answer=answer))
    asks = followups(evaluation, INCIDENT, answer)
    assert asks[0].reason == reason
    assert asks[0].text.startswith('You said "')
    if reason == "hypothetical":
        assert len(asks) == 1


def test_score_command_adds_follow_ups_on_request(tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "a", "question": PIPELINE.text, "answer": NO_RESULT}) + "\n")
    runner = CliRunner()
    on = runner.invoke(cli, ["score", str(batch), "--engine", "rubric", "--follow-ups"])
    off = runner.invoke(cli, ["score", str(batch), "--engine", "rubric"])
    assert on.exit_code == off.exit_code == 0
    assert json.loads(on.stdout.splitlines()[0])["follow_ups"]
    assert "follow_ups" not in json.loads(off.stdout.splitlines()[0])


def test_quotes_keep_numbers_whole_and_are_never_a_fragment() -> None:
    question = Question(id="Q", text="Tell me about a time you sped up a slow job.")
    gaps = [Point(text="No result.", kind="results")]
    evaluation = Evaluation(question_id="Q", score=40, weaknesses=gaps)
    whole = followups(evaluation, question, "I trimmed a 2,000-line script and rewrote it.")
    assert whole[0].text.startswith('You said "I trimmed a 2,000-line script and rewrote it"')
    short = followups(evaluation, question, "I considered, then the team changed the scheduler.")
    assert short[0].text == "What was the result, and how did you measure it?"


#: A question that asks for a plan (the nurse interview of a new-user test).
SHOUTING = Question(
    id="S1",
    text="Imagine a patient's relative is shouting at the nurses' station because their mother "
    "has waited two hours for pain relief. What would you do?",
)
PLAN = (
    "I would try to calm them down and tell them we are busy. I would probably check on the "
    "patient at some point and let the doctor know."
)


@pytest.mark.parametrize("kind", ["generic", "general_process", "hypothetical"])
def test_a_plan_question_is_asked_for_a_first_step_not_a_past_example(kind: str) -> None:
    """It was asked "Can you tell me about a specific time you actually did this" although a
    plan was asked for."""
    weakness = Point(text="Stays general ...", kind=kind, evidence=[_span(PLAN, PLAN)])
    (ask,) = followups(_evaluation(37, weakness), SHOUTING, PLAN)
    assert ask.reason == "hypothetical"
    assert ask.text == (
        'You said "I would try to calm them down and tell them we are...". What exactly would '
        "you do first, and why that step?"
    )
    assert "specific time" not in ask.text


def test_a_plan_question_is_never_asked_for_a_result() -> None:
    """The rubric engine's "Does not say how success would be judged" (kind ``results``) gave
    "What was the result, and how did you measure it?" to a plan question."""
    weakness = Point(text="Does not say how success would be judged", kind="results")
    for question in (
        SHOUTING,
        Question(id="G4", text="How do you plan a shift when two call in sick?"),
    ):
        (ask,) = followups(_evaluation(33, weakness), question, PLAN)
        assert ask.reason == "no_result"
        assert "result" not in ask.text.lower()
        assert (
            ask.text == "How would you know your plan had worked: what would you check, and when?"
        )


def test_the_rubric_engine_asks_no_result_of_a_plan_question() -> None:
    engine = get_engine("rubric")
    evaluation = engine.evaluate(EvaluationRequest(question=SHOUTING, answer=PLAN))
    asks = followups(evaluation, SHOUTING, PLAN)
    assert asks
    assert not any("What was the result" in a.text or "specific time" in a.text for a in asks)
