from __future__ import annotations

import numpy as np
import numpy.typing as npt

from panelist.judge.features import (
    COVER,
    UNIT_FEATURES,
    _per_piece,
    _per_piece_max,
    pack,
    sequence,
    sequences,
    token_directions,
    unit_mean,
)
from panelist.judge.inputs import (
    MAX_PIECES,
    PIECE_WORDS,
    JudgeInput,
    UnitType,
    answer_pieces,
    build_input,
)
from tests.conftest import request_for


def test_pieces_keep_their_sentence_span() -> None:
    answer = "I led the rollback. Um, the outage ended in 20 minutes!  Then I wrote the review."
    pieces = answer_pieces(answer)
    assert [answer[p.start : p.end] for p in pieces] == [
        "I led the rollback.",
        "Um, the outage ended in 20 minutes!",
        "Then I wrote the review.",
    ]
    assert pieces[1].text.startswith("outage")  # fillers (and articles) are not read


def test_a_pronoun_said_twice_once_neutral_is_read_once() -> None:
    # "him his" and "her her" are both "them" once neutral: the second is not read either way
    male, female = (
        answer_pieces(f"I showed {a} photos to the team.") for a in ("him his", "her her")
    )
    assert [p.text for p in male] == [p.text for p in female] == ["I showed them photos to team."]


def test_long_sentences_are_cut_into_pieces_and_excluded_sentences_skipped() -> None:
    long = " ".join(f"word{i}" for i in range(PIECE_WORDS * 2 + 5)) + "."
    pieces = answer_pieces(f"{long} Ignore this. Last one.", exclude={1})
    assert [len(p.text.split()) for p in pieces] == [PIECE_WORDS, PIECE_WORDS, 5, 2]
    assert all(p.text != "Ignore this." for p in pieces)


def test_an_answer_longer_than_the_judge_reads_is_marked_truncated() -> None:
    answer = " ".join(f"I did step {i}." for i in range(MAX_PIECES + 3))
    item = build_input(request_for(answer))
    assert item.truncated and len(item.pieces) == MAX_PIECES
    assert not build_input(request_for("I did it.")).truncated


def test_units_follow_the_question_reference_requirement_answer_order() -> None:
    request = request_for(
        "It ranks points. Then it compares.",
        question="What is a p-value, and how do you use it?",
        reference_points=["Probability of data at least as extreme under the null"],
        job_description="- Designs A/B tests for the product team\n",
    )
    item = build_input(request)
    assert item.types[0] == UnitType.QUESTION
    assert item.types[-2:] == [UnitType.ANSWER, UnitType.ANSWER]
    assert UnitType.REFERENCE in item.types and UnitType.REQUIREMENT in item.types
    assert len(item.texts) == len(item.types)


def _table(
    states: list[npt.NDArray[np.float32]],
) -> tuple[npt.NDArray[np.float32], list[npt.NDArray[np.float16]]]:
    """The unit-length means and token directions of a unit table's token states."""
    return np.stack([unit_mean(s) for s in states]), [token_directions(s) for s in states]


def _random_states(item: JudgeInput, tokens: int, seed: int) -> list[npt.NDArray[np.float32]]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(tokens, 384)).astype(np.float32) for _ in item.texts]


def test_leaving_a_piece_out_shortens_the_sequence_by_one() -> None:
    item = build_input(request_for("I fixed it. It worked. We shipped."))
    states = _random_states(item, 5, seed=0)
    means, tokens = _table(states)
    rows = list(range(len(item.texts)))
    full = sequence(item, rows, means, tokens)
    dropped = sequence(item, rows, means, tokens, drop=1)
    assert len(dropped.index) == len(full.index) - 1
    assert full.features.shape == (len(rows), UNIT_FEATURES)
    batch = pack(states, [full, dropped])
    assert batch.tokens.shape == (len(states), 5, 384)
    assert batch.sequences.index.shape == (2, len(rows))
    assert batch.sequences.index[1, -1] == len(states)  # padding points past the table
    assert batch.sequences.types[1, -1] == UnitType.PAD


def _rollout() -> JudgeInput:
    """Three answer pieces, two reference points and two requirements."""
    return build_input(
        request_for(
            "I owned the rollout. We cut errors by 40%. I would do it again.",
            reference_points=["Roll out in stages", "Measure errors"],
            job_description="- Runs releases\n- Measures quality\n",
        )
    )


def test_the_sequences_of_one_answer_leave_each_piece_out_in_turn() -> None:
    item = _rollout()
    means, tokens = _table(_random_states(item, 4, seed=1))
    rows = list(range(len(item.texts)))
    many = sequences(item, rows, means, tokens)
    single = [
        sequence(item, rows, means, tokens),
        *(sequence(item, rows, means, tokens, k) for k in range(3)),
    ]
    assert len(many) == 4
    for got, want in zip(many, single, strict=True):
        assert np.array_equal(got.index, want.index) and np.array_equal(got.features, want.features)
    pieces = np.array(rows[-3:])
    for k, seq in enumerate(many[1:]):
        left = np.delete(pieces, k)
        assert list(seq.index[-2:]) == list(left)
        assert seq.globals[1] == np.float32(2 / 20)  # two pieces
        assert list(seq.features[-2:, -1]) == [0.0, 1.0]  # their positions
        # the question's row: its largest similarity to a piece still there
        assert np.isclose(seq.features[0, 6], (means[left] @ means[0]).max(), atol=1e-6)
    one = build_input(request_for("I did it."))
    n = len(one.texts)
    assert len(sequences(one, range(n), means[:n], tokens[:n])) == 1


def test_token_alignment_measures_how_much_of_a_reference_point_the_answer_covers() -> None:
    """A point whose tokens all appear in one piece is covered (1.0) while that piece is there;
    leaving the piece out lowers the point's coverage and the answer's best reference recall."""
    item = build_input(
        request_for(
            "I rolled out in stages. I watched the dashboards.",
            reference_points=["Roll out in stages"],
        )
    )
    states = _random_states(item, 6, seed=2)
    point = item.types.index(UnitType.REFERENCE)
    states[point][1:-1] = states[-2][1:5]  # the point's tokens are those of the first piece
    means, tokens = _table(states)
    full, without_first, without_second = sequences(item, range(len(states)), means, tokens)
    assert np.isclose(full.features[point, COVER], 1.0, atol=1e-3)
    assert np.isclose(without_second.features[point, COVER], 1.0, atol=1e-3)
    assert without_first.features[point, COVER] < 0.5
    assert np.isclose(full.globals[8], 1.0, atol=1e-3)  # best reference recall
    assert without_first.globals[8] < 0.5
    assert full.globals[9] == full.globals[8]  # mean recall: there is one reference
    # precision: the share of the answer's tokens that match a reference token
    assert np.isclose(without_second.globals[10], 1.0, atol=1e-3)
    assert 0.4 < full.globals[10] < 0.7
    assert without_first.globals[10] < 0.3


def test_features_do_not_depend_on_the_context_being_reused() -> None:
    """The answers to one question share its context: read from the cache or built from new
    arrays, the features are the same bits."""
    item = _rollout()
    means, tokens = _table(_random_states(item, 4, seed=3))
    rows = list(range(len(item.texts)))
    first = sequences(item, rows, means, tokens)
    again = sequences(item, rows, means, tokens)
    fresh = sequences(item, rows, means, [t.copy() for t in tokens])
    for a, b, c in zip(first, again, fresh, strict=True):
        for got in (b, c):
            assert np.array_equal(a.features, got.features)
            assert np.array_equal(a.globals, got.globals)


def test_the_best_cosine_per_piece_is_taken_in_one_call() -> None:
    rng = np.random.default_rng(4)
    for lengths in ([3, 1, 4], [0, 2, 0, 5], [0, 0], [6]):
        values = rng.normal(size=(7, sum(lengths))).astype(np.float32)
        want = _per_piece(values, lengths, np.maximum)
        assert np.array_equal(_per_piece_max(values, lengths), want)
