"""Sentences said again in other words: the one-to-one pairing, the block measure, the token
alignment, and the engine reading a restated answer once."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from panelist.engines.base import EvaluationRequest
from panelist.engines.judge import JudgeEngine
from panelist.engines.judge import engine as engine_module
from panelist.engines.judge.engine import read_guard, unread, with_repeated
from panelist.guard import Finding, Guard
from panelist.judge.inputs import MAX_PIECES, JudgeInput, build_input
from panelist.judge.restated import _alignment, _block, _copies, _paired, restated
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
    """36 written for the rule, 48 written by a reviewer afterwards ("claim, example, claim,
    example" answers among them, such as the strengths answer that a first version flagged)."""
    honest = _lines("honest.jsonl")
    assert len(honest) == 84
    found = [h["id"] for h in honest if _said_again(judge, h["question"], h["answer"])]
    assert found == []


def test_most_answers_restated_whole_are_found(judge: JudgeEngine) -> None:
    """The cases the rule was designed on (benchmarks/padding.py measures the held-out ones)."""
    whole = [c for c in _lines("cases.jsonl") if c["set"] == "design" and c["kind"] == "full"]
    assert len(whole) == 24
    found = sum(bool(_said_again(judge, c["question"], c["answer"])) for c in whole)
    assert found >= 20


def test_one_to_one_pairs_take_the_closest_first() -> None:
    similar = np.array([[0.9, 0.8], [0.85, 0.1]], np.float32)
    assert _paired(similar) == pytest.approx([0.9, 0.1])


def test_a_block_needs_three_pieces_a_side() -> None:
    """ "Claim, example, claim, example" has two pieces a side: never a block."""
    assert _block(_mirror(2, 0.9, 0.1)) == (-1.0, 0)
    assert _block(_mirror(3, 0.9, 0.1))[1] == 3


def test_the_repeated_finding_keeps_its_place_and_gains_sentences() -> None:
    guard = read_guard(request_for(f"{ANSWER} {ANSWER}", question=QUESTION))
    codes = [f.code for f in guard.findings]
    merged = with_repeated(guard, [0])
    assert [f.code for f in merged.findings] == codes
    (found,) = [f for f in merged.findings if f.code == "repeated"]
    assert found.sentences[0] == 0 and set(found.sentences) > {0}
    added = with_repeated(dataclasses.replace(guard, findings=(Finding("non_answer", [1]),)), [3])
    assert [(f.code, list(f.sentences)) for f in added.findings] == [
        ("non_answer", [1]),
        ("repeated", [3]),
    ]


def test_a_sentence_cut_in_pieces_is_read_once_only_when_all_its_pieces_say_it_again(
    judge: JudgeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = "apples pears plums grapes lemons limes melons kiwis dates figs".split()
    long_one = "We packed " + ", ".join(f"{n} boxes of {f}" for n in (2, 3, 4, 5, 6) for f in items)
    long_one += "."  # 200 words, no run of them said twice
    request = request_for(f"{ANSWER} {long_one}", question=QUESTION)
    guard = read_guard(request)
    item = build_input(request, unread(guard))
    last = len(guard.sentences) - 1
    cut = [k for k, p in enumerate(item.pieces) if p.start == guard.sentences[last].start]
    assert len(cut) > 1
    monkeypatch.setattr(engine_module, "restated", lambda *args: cut[:-1])
    assert judge._restated(guard, item, None) == []
    monkeypatch.setattr(engine_module, "restated", lambda *args: cut)
    assert judge._restated(guard, item, None) == [last]


#: A second restatement of :data:`ANSWER`, in other words again.
AGAIN = (
    "To put it another way, an irate buyer rang me since his parcel came late. I let him vent "
    "and said I was sorry about the wait. I said I would dig into it and ring him back. The "
    "warehouse told me the box went to the wrong depot. Next day I called and offered free "
    "postage on his next order. He agreed and was grateful."
)


def _past_the_pieces_read() -> tuple[str, EvaluationRequest, Guard, JudgeInput]:
    """:data:`ANSWER`, :data:`REWORDED`, short notes, then :data:`AGAIN` past the pieces read."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    notes = " ".join(f"Note {i} was {days[i % 5]}." for i in range(MAX_PIECES - 12))
    answer = f"{ANSWER} {REWORDED} {notes} {AGAIN}"
    request = request_for(answer, question=QUESTION)
    guard = read_guard(request)
    return answer, request, guard, build_input(request, unread(guard))


def test_a_restatement_past_the_pieces_read_is_found_when_it_comes_into_view(
    judge: JudgeEngine,
) -> None:
    answer, request, guard, item = _past_the_pieces_read()
    assert item.truncated  # the second restatement is past the pieces read at first
    guard, item = judge._read_once(request, guard, item, None)
    (found,) = [f for f in guard.findings if f.code == "repeated"]
    second = answer.index(AGAIN)
    assert any(guard.sentences[i].start >= second for i in found.sentences)
    assert not item.truncated


def test_several_repeated_findings_become_one() -> None:
    guard = read_guard(request_for(ANSWER, question=QUESTION))
    findings = (Finding("repeated", [1]), Finding("copied_text", [0]), Finding("repeated", [2]))
    merged = with_repeated(dataclasses.replace(guard, findings=findings), [3])
    assert [(f.code, list(f.sentences)) for f in merged.findings] == [
        ("repeated", [1, 2, 3]),
        ("copied_text", [0]),
    ]


def test_a_later_round_finds_only_what_came_into_view(
    judge: JudgeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, request, guard, item = _past_the_pieces_read()
    last = len(guard.sentences) - 1
    rounds = iter([[6, 7], [0, last]])  # the second round also names an early sentence
    monkeypatch.setattr(JudgeEngine, "_restated", lambda *args: next(rounds, []))
    guard, _ = judge._read_once(request, guard, item, None)
    (found,) = [f for f in guard.findings if f.code == "repeated"]
    assert list(found.sentences) == [6, 7, last]
