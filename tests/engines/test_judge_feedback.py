"""The judge engine's feedback writer on readings given by hand (no model run)."""

from __future__ import annotations

from panelist.engines.base import Feedback
from panelist.engines.judge.feedback import Writer
from panelist.engines.judge.wording import get_wording
from panelist.guard import check
from panelist.judge.inputs import build_input
from panelist.judge.model import Prediction
from panelist.models import QuestionType
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
    sentence adds ``piece_score`` to its score."""
    request = request_for(answer)
    guard = check(answer)
    item = build_input(request, set(guard.instruction))
    names = get_wording().styles
    full = {name: styles.get(name, 0.0) for name in names}
    n = len(item.pieces)
    prediction = Prediction(
        score=float(score),
        styles=full,
        piece_score=[piece_score] * n,
        piece_style=[dict.fromkeys(full, 0.1) for _ in range(n)],
        piece_reference=[(-1, 0.0)] * n,
    )
    return Writer(get_wording(), request, item, prediction, guard).write(score)


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
