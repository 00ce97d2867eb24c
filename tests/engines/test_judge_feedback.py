"""The judge engine's feedback writer on readings given by hand (no model run)."""

from __future__ import annotations

import pytest

from panelist.engines.base import Feedback
from panelist.engines.judge.feedback import Writer, _outcome
from panelist.engines.judge.wording import get_wording
from panelist.guard import check
from panelist.judge.inputs import build_input
from panelist.judge.model import Prediction
from panelist.models import QuestionType
from panelist.text import shorten
from tests.conftest import request_for

#: A STAR answer dense with figures, each told with how it was reached.
MEASURED = (
    "In my previous role I built a fraud detection system for card payments. False positives "
    "were at 15% and customers complained. I designed the pipeline with Kafka for ingestion "
    "and XGBoost for the model, and I tuned it with Optuna. I handled the class imbalance, "
    "0.5% fraud, with class weights. I cached user features in Redis to stay under 100 ms. "
    "False positives fell to 8% while we still caught 95% of fraud."
)
#: The same kind of figures with no method at all.
BARE = (
    "I transformed fraud detection completely. False positives dropped by 95% in two weeks, "
    "fraud losses fell by $40 million and every bank in the country adopted my approach."
)


def _feedback(
    answer: str, styles: dict[str, float], score: int, piece_score: float = 0.0
) -> Feedback:
    """What the writer says of ``answer`` when the model reads it as ``styles`` and each
    sentence adds ``piece_score`` to its score (and 0.1 to each style's log-odds)."""
    return _read(answer, styles, score, piece_score=piece_score, style_effect=0.1)


def test_a_reading_the_text_rules_out_is_named_not_blamed_on_the_answer() -> None:
    """The example's first answer: read as inflated (p 0.97, score 21) though it tells how each
    figure was reached. It was told "no single part stands out as specific", which is untrue."""
    out = _feedback(MEASURED, {"inflated_metrics": 0.97}, 21)
    assert "inflated_claims" not in {f.code for f in out.flags}
    (reading,) = [w for w in out.weaknesses if w.kind == "reading"]
    assert reading.text.startswith("Scored as answers with inflated claims are")
    assert not any(w.text.startswith("No single part") for w in out.weaknesses)
    assert out.strengths and all(
        MEASURED[e.start : e.end] == e.quote for s in out.strengths for e in s.evidence
    )
    assert "read it before relying on the score" in out.justification
    assert "To improve: Scored as" not in out.justification


def test_the_same_reading_without_a_method_is_a_flag() -> None:
    out = _feedback(BARE, {"inflated_metrics": 0.97}, 21)
    assert "inflated_claims" in {f.code for f in out.flags}
    assert not any(w.kind == "reading" for w in out.weaknesses)
    assert not out.strengths


def test_a_low_score_no_reading_explains_is_still_called_unexplained() -> None:
    out = _feedback(MEASURED, {"strong": 0.9}, 30)
    assert not any(w.kind == "reading" for w in out.weaknesses)
    assert any(w.text.startswith("No single part") for w in out.weaknesses)


def test_a_low_score_no_part_explains_is_a_note_for_the_reviewer_with_no_tip() -> None:
    """The example's second answer (41): three actions credited, nothing found missing. It was
    told "To improve: Scored low although no single part of it lowers the score", with the tip
    to cover each part of the question, which it does."""
    # every sentence helps: credited, none weighs it down, no style reading stands out
    out = _feedback(MEASURED, {}, 41, piece_score=3.0)
    assert out.strengths
    (note,) = [w for w in out.weaknesses if w.kind == "reading"]
    assert note.text.startswith("Scored low although no single part of it lowers the score")
    assert not any(t.kind == "reading" for t in out.tips)
    assert "To improve: Scored low" not in out.justification
    assert note.text + "." in out.justification


def _technical(
    answer: str, points: list[str], score: int, effect: float = 0.0, closest: int | None = None
) -> Feedback:
    """What the writer says of ``answer`` to a technical question with key ``points``, read
    with no style, each sentence adding ``effect``, closest to point ``closest`` (similarity
    0.9) or to none."""
    request = request_for(
        answer, question="Explain it.", qtype=QuestionType.TECHNICAL, reference_points=points
    )
    item = build_input(request)
    names = get_wording().styles
    near = (-1, 0.0) if closest is None else (item.references.index(points[closest]), 0.9)
    prediction = Prediction(
        score=float(score),
        styles=dict.fromkeys(names, 0.0),
        piece_score=[effect] * len(item.pieces),
        piece_style=[dict.fromkeys(names, 0.0) for _ in item.pieces],
        piece_reference=[near] * len(item.pieces),
    )
    return Writer(get_wording(), request, item, prediction, check(answer)).write(score)


def test_the_justification_names_a_key_point_with_a_colon_whole() -> None:
    """A key point with a colon of its own was cut at it in the justification, leaving an
    unclosed quote ('Covers the key point "Overfitting; ...')."""
    point = "Overfitting: the model fits noise in the training data and generalises poorly."
    answer = (
        "Overfitting is when a model learns the noise in its training data instead of the "
        "pattern, so it does well on training data and badly on new data."
    )
    out = _technical(answer, [point], 80, effect=5.0, closest=0)
    assert f'Strengths: Covers the key point "{point}".' in out.justification
    assert out.justification.count('"') % 2 == 0


def test_missed_key_points_are_one_item_of_the_justification() -> None:
    """Missed key points are named in the weaknesses; the justification says so once, in a few
    words, leaving room for other advice (it listed every missed point in full)."""
    points = [
        "Liveness probes restart a container that has stopped responding to its checks.",
        "Readiness probes decide whether a pod receives traffic from its service at all.",
    ]
    answer = "I would add probes to the deployment and tune them until the pods look healthy."
    out = _technical(answer, points, 30)
    missed = [w for w in out.weaknesses if any(p in w.text for p in points)]
    assert len(missed) == 2
    assert out.justification.count("Does not clearly cover the key point") == 1
    assert not any(p in out.justification for p in points)


# Defects found by a new-user test (nurse interview, built-in example, warehouse batch).

SHOUTING = (
    "Imagine a patient's relative is shouting at the nurses' station because their mother has "
    "waited two hours for pain relief. What would you do?"
)
PLAN = (
    "I would try to calm them down and tell them we are busy. I would probably check on the "
    "patient at some point and let the doctor know. Things like that happen a lot on a ward so "
    "you just have to deal with it."
)


def _read(
    answer: str,
    styles: dict[str, float],
    score: int,
    question: str | None = None,
    effects: list[float] | None = None,
    piece_score: float = 2.0,
    style_effect: float | None = None,
) -> Feedback:
    """What the writer says of ``answer`` to ``question`` (the default one of ``request_for``)
    read as ``styles``, each sentence adding its ``effects`` (``piece_score`` each by default)
    to the score and ``style_effect`` (by default each style's probability) to its log-odds."""
    request = request_for(answer) if question is None else request_for(answer, question=question)
    guard = check(answer)
    item = build_input(request, set(guard.instruction))
    names = get_wording().styles
    full = {name: styles.get(name, 0.0) for name in names}
    n = len(item.pieces)
    each = dict(full) if style_effect is None else dict.fromkeys(full, style_effect)
    prediction = Prediction(
        score=float(score),
        styles=full,
        piece_score=effects or [piece_score] * n,
        piece_style=[dict(each) for _ in range(n)],
        piece_reference=[(-1, 0.0)] * n,
    )
    return Writer(get_wording(), request, item, prediction, guard).write(score)


def _said(out: Feedback) -> str:
    return " ".join(p.text for p in [*out.weaknesses, *out.tips]) + " " + out.justification


@pytest.mark.parametrize("style", ["generic", "general_process"])
def test_a_general_answer_to_a_plan_question_is_asked_for_steps_not_an_example(
    style: str,
) -> None:
    """NURSE_S1 was told "Stays general, with no specific situation" and "Replace statements
    of belief with one real example" although the question asks what they would do."""
    out = _read(PLAN, {style: 0.8}, 37, SHOUTING)
    said = _said(out)
    assert "concrete steps" in said or "steps for this situation" in said
    assert "Say what you would do first and next" in said
    assert "example" not in said and "specific situation" not in said
    past = _read(PLAN, {style: 0.8}, 37, "Tell me about a time a relative was angry.")
    assert "example" in _said(past) or "one specific case" in _said(past)


def test_a_plan_question_is_never_flagged_hypothetical() -> None:
    out = _read(PLAN, {"hypothetical_only": 0.9}, 37, SHOUTING)
    assert "hypothetical" not in {f.code for f in out.flags}
    assert "real past example" not in _said(out)
    assert any(w.kind == "reading" for w in out.weaknesses)  # the score's reading is named
    past = _read(PLAN, {"hypothetical_only": 0.9}, 37, "Tell me about a time a relative was angry.")
    assert "hypothetical" in {f.code for f in past.flags}


#: The built-in example's fourth answer, whose outcome a 160-character quote cut off.
DOCKER = (
    "I packaged and deployed a computer vision model for quality inspection. I containerized the "
    "PyTorch model using Docker with a multi-stage build: the first stage compiled dependencies, "
    "and the final stage was a lightweight image with only runtime requirements, reducing size "
    "from 2.3GB to 800MB."
)
#: NURSE_B1, shortened: the outcome is the discharge, not the saturations noticed at 2 a.m.
DETERIORATING = (
    "At the 2 a.m. observations I noticed that Mr K., a 74-year-old admitted with pneumonia, "
    "had a respiratory rate of 26, his saturations had dropped from 95% to 89% on two litres, "
    "and he was newly confused. His NEWS2 score had gone from 3 to 7. I sat him upright, "
    "increased his oxygen within his prescribed target range, and called the on-call doctor. "
    "He was discharged home eight days later."
)
INCIDENT = "Tell me about a time you noticed a patient deteriorating. What was the outcome?"


def test_a_strength_called_an_outcome_quotes_the_outcome() -> None:
    """Q4 quoted "I containerized ... a lightweight image..." as a concrete outcome, cut before
    "reducing size from 2.3GB to 800MB"; NURSE_B1 quoted "At the 2 a.m. observations I
    noticed..." and not "discharged home eight days later"."""
    out = _read(DOCKER, {}, 70, INCIDENT, effects=[1.0, 9.0])
    (result,) = [s for s in out.strengths if s.kind == "results"]
    assert result.evidence[0].quote.endswith("reducing size from 2.3GB to 800MB.")
    assert "800MB" in result.text
    assert DOCKER[result.evidence[0].start : result.evidence[0].end] == result.evidence[0].quote
    out = _read(DETERIORATING, {}, 90, INCIDENT, effects=[25.0, 5.5, 9.4, 5.1])
    results = [s for s in out.strengths if s.kind == "results"]
    assert [s.evidence[0].quote for s in results] == ["He was discharged home eight days later."]
    assert all(_outcome(shorten(e.quote, 160)) for s in results for e in s.evidence)


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("At 2 a.m. I noticed that his saturations dropped from 95% to 89%.", False),
        (
            "I analyzed the data and identified patterns: churn risk increased after a complaint.",
            False,
        ),
        ("His NEWS2 score had gone from 3 to 7.", False),
        (
            "I sat him upright, increased his oxygen within his target range, and called the doctor.",
            False,
        ),
        ("He was discharged home eight days later.", True),
        ("By the end of the quarter churn had dropped by 20%.", True),
        ("I noticed the backlog, so I reorganised the queue and the backlog fell by half.", True),
        ("I reduced the build time to 12 minutes.", True),
    ],
)
def test_a_change_noticed_or_made_is_not_an_outcome(sentence: str, outcome: bool) -> None:
    assert _outcome(sentence) is outcome


#: NURSE_T1: a technical answer that only blames others.
GENTAMICIN = [
    "Checks the prescription against the five rights (patient, drug, dose, route, time) and "
    "allergies.",
    "Confirms the patient's identity with their wristband before administration.",
]
BLAME = (
    "Honestly the pharmacy on my last ward was terrible and they always sent the wrong doses, so "
    "the problem was never us nurses. I just gave what was on the chart because that is their "
    "responsibility, not mine."
)


def test_a_key_point_is_credited_only_when_the_sentence_states_it() -> None:
    """Both blaming sentences were credited with key points by similarity alone (0.67, 0.72)."""
    for closest in (0, 1):
        out = _technical(BLAME, GENTAMICIN, 41, effect=5.0, closest=closest)
        assert not any("Covers the key point" in s.text for s in out.strengths)
        assert sum("Does not clearly cover" in w.text for w in out.weaknesses) == 2
    stated = (
        "I check the prescription against the five rights and the allergies. I confirm the "
        "patient's identity from their wristband before I give it."
    )
    out = _technical(stated, GENTAMICIN, 70, effect=5.0, closest=0)
    assert any("Covers the key point" in s.text for s in out.strengths)
    assert not any("Does not clearly cover" in w.text for w in out.weaknesses)


#: g4 of the warehouse batch: a short, concrete plan.
SHIFT = (
    "I look at the orders due that day, move my most flexible picker to the priority lane, ask "
    "the early shift if anyone can stay two hours, and tell the transport office which loads "
    "may slip."
)
TOOLS = (
    "Airflow, Spark, Kafka, dbt, Snowflake, BigQuery, Great Expectations, Monte Carlo, Datadog, "
    "Prometheus, Grafana, PagerDuty, Terraform, Kubernetes, Docker, Python, SQL."
)


def test_an_answer_that_tells_actions_is_not_called_a_list_of_keywords() -> None:
    """g4 (score 19) was flagged keyword_stuffing and asked to pick "one of the tools you
    named"; it names none."""
    question = "How do you plan a shift when two people call in sick?"
    out = _read(SHIFT, {"keyword_stuffing": 0.9}, 19, question)
    assert "keyword_stuffing" not in {f.code for f in out.flags}
    assert not any("tools" in p.text for p in [*out.weaknesses, *out.tips])
    out = _read(TOOLS, {"keyword_stuffing": 0.9}, 19, question)
    assert "keyword_stuffing" in {f.code for f in out.flags}


def test_a_reading_of_keywords_the_text_rules_out_is_named() -> None:
    long_plan = SHIFT + " " + SHIFT.replace("I look", "Then I look again")
    out = _read(long_plan, {"keyword_stuffing": 0.9}, 30, "How do you plan a busy shift?")
    assert "keyword_stuffing" not in {f.code for f in out.flags}
    (reading,) = [w for w in out.weaknesses if w.kind == "reading"]
    assert reading.text.startswith("Scored as answers that list tools and terms are")
