"""Sentences said again in other words: the one-to-one pairing, the block measure, the token
alignment, and the engine reading a restated answer once."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from panelist.engines.judge import JudgeEngine
from panelist.engines.judge.engine import read_guard, unread
from panelist.judge.inputs import build_input
from panelist.judge.restated import _alignment, _block, _copies, restated
from tests.conftest import request_for

DATA = Path(__file__).resolve().parents[1] / "data" / "restated"
QUESTION = "Tell me about a time you had to deal with a difficult customer. What happened?"
ANSWER = (
    "A customer once called because his order had arrived late and he was very angry. "
    "I listened to him and said sorry for the delay. "
    "I told him I would look into it and call him back. "
    "I checked with the warehouse and found the parcel had been sent to the wrong depot. "
    "I called him back the next day and offered him free delivery on his next order. "
    "He accepted and said thanks."
)
#: The same answer in other words: no run of five words in common with it.
REWORDED = (
    "In other words, a client phoned up furious that his delivery had shown up after the "
    "promised date. I heard him out and apologised for how long it took. I promised to "
    "investigate the problem and get back to him. When I asked the warehouse team, it turned "
    "out the package had gone to the wrong distribution centre. The following day I rang him "
    "again and gave him free shipping on his next purchase. He took the offer and thanked me."
)
#: An honest answer whose last sentence sums it up and whose steps share a shape.
RECAP = (
    "Last spring a customer called me because her replacement part had not arrived before a "
    "site visit. I apologised, took her order number and promised an answer within the hour. "
    "I checked the courier tracking, saw the parcel was held at a depot for a missing door "
    "code, and rang the depot to release it. It reached her the same afternoon, and I called "
    "her to confirm she had it. Afterwards I asked our team to add door codes to every "
    "delivery note for site addresses. In short, I kept her informed, fixed the delivery the "
    "same day and changed the process so it would not happen again."
)


def _mirror(n: int, same: float, other: float) -> np.ndarray:
    """Similarities of ``2n`` pieces whose second half says the first again, in order."""
    similar = np.full((2 * n, 2 * n), other, np.float32)
    for i in range(n):
        similar[i, n + i] = similar[n + i, i] = same
    np.fill_diagonal(similar, 1.0)
    return similar


def test_pieces_said_again_are_paired_one_to_one() -> None:
    similar = _mirror(3, 0.8, 0.3)
    assert _copies(similar, 0.7) == {3, 4, 5}
    # three pieces all close to the first one say it again once, not three times
    fan = np.full((4, 4), 0.3, np.float32)
    fan[0, 1:] = fan[1:, 0] = 0.8
    np.fill_diagonal(fan, 1.0)
    assert _copies(fan, 0.7) == {1}


def test_a_block_said_again_stands_out_from_the_answers_own_similarity() -> None:
    cover, split = _block(_mirror(3, 0.8, 0.3))
    assert split == 3
    assert cover == pytest.approx(0.5, abs=1e-6)  # 0.8 above a median of 0.3
    # an answer whose pieces are all alike (definitions of one term) has no block
    alike = np.full((6, 6), 0.7, np.float32)
    np.fill_diagonal(alike, 1.0)
    assert _block(alike)[0] == pytest.approx(0.0, abs=1e-6)


def test_token_alignment_is_one_for_the_same_tokens_and_zero_for_orthogonal_ones() -> None:
    eye = np.eye(4, dtype=np.float16)
    aligned = _alignment([eye[:2], eye[:2], eye[2:]])
    assert aligned[0, 1] == pytest.approx(1.0)
    assert aligned[0, 2] == pytest.approx(0.0)
    assert np.allclose(aligned, aligned.T)


def test_too_few_pieces_are_never_restated() -> None:
    tokens = [np.eye(4, dtype=np.float16)[:2]] * 3
    assert restated(["one two three four five"] * 3, tokens, [0, 1, 2]) == []


@pytest.fixture(scope="module")
def judge() -> JudgeEngine:
    return JudgeEngine()


@pytest.mark.parametrize("joint", [" ", "\n\n"])
def test_an_answer_said_again_in_other_words_scores_as_once(judge: JudgeEngine, joint: str) -> None:
    once = judge.evaluate(request_for(ANSWER, question=QUESTION))
    padded = request_for(f"{ANSWER}{joint}{REWORDED}", question=QUESTION)
    twice = judge.evaluate(padded)
    assert abs(twice.score - once.score) <= 2
    flag = next(f for f in twice.flags if f.code == "repeated")
    assert flag.evidence
    for quote in flag.evidence:
        assert padded.answer[quote.start : quote.end] == quote.quote
        assert quote.start >= len(ANSWER)  # what is said again, not what was said first
    assert "repeated" not in {f.code for f in once.flags}


def test_an_honest_answer_that_sums_itself_up_is_not_restated(judge: JudgeEngine) -> None:
    evaluation = judge.evaluate(request_for(RECAP, question=QUESTION))
    assert "repeated" not in {f.code for f in evaluation.flags}


def _said_again(judge: JudgeEngine, question: str, answer: str) -> list[int]:
    """The sentences the restatement rule finds (not those of the word-run rule)."""
    request = request_for(answer, question=question)
    guard = read_guard(request)
    return judge._restated(guard, build_input(request, unread(guard)), None)


def _lines(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def test_no_honest_answer_with_echoes_is_found_restated(judge: JudgeEngine) -> None:
    honest = _lines("honest.jsonl")
    assert len(honest) == 36
    found = [h["id"] for h in honest if _said_again(judge, h["question"], h["answer"])]
    assert found == []


def test_most_answers_restated_whole_are_found(judge: JudgeEngine) -> None:
    """The cases the rule was designed on (benchmarks/restated.py measures the held-out ones)."""
    whole = [c for c in _lines("cases.jsonl") if c["set"] == "design" and c["kind"] == "full"]
    assert len(whole) == 24
    found = sum(bool(_said_again(judge, c["question"], c["answer"])) for c in whole)
    assert found >= 20
