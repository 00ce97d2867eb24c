"""Training twins: renderings that keep an answer's content, and the consistency loss."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from panelist import boundaries as cut
from panelist.boundaries import BUCKETS
from panelist.counterfactual import non_native, spoken, with_star_labels

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

import torch
from training.judge.config import Config
from training.judge.data import Example, read_examples, read_records
from training.judge.fit import consistency
from training.judge.twins import (
    _padding,
    padded,
    polished_twins,
    second_language,
    star_labels,
    transcript,
    twins,
)

ANSWER = (
    "I led the migration of our billing jobs last spring. I measured the failure rate first. "
    "Then I moved one job a week, and the failures fell from 12 to 1 a month. "
    "The team now uses the runbook I wrote."
)


def _words(text: str) -> list[str]:
    return [w.strip(".,").lower() for w in text.split()]


def test_a_transcript_keeps_the_words_in_lower_case_without_inner_full_stops() -> None:
    said = transcript(ANSWER, random.Random(3), "engineer")
    assert said is not None and said == said.lower()
    assert said.count(".") == 1 and said.endswith(".")
    content = [w for w in _words(ANSWER) if len(w) > 3]
    assert all(w in _words(said) for w in content)


def test_one_sentence_has_no_transcript() -> None:
    assert (
        transcript("I moved one job a week and the failures fell.", random.Random(0), "x") is None
    )


def test_second_language_drops_articles_and_keeps_numbers() -> None:
    changed = [second_language(ANSWER, random.Random(seed)) for seed in range(20)]
    assert any(len(c.split()) < len(ANSWER.split()) for c in changed)
    assert all("12" in c and "billing" in c for c in changed)


def test_twins_are_not_the_fairness_benchmarks_renderings() -> None:
    rng = random.Random(0)
    assert transcript(ANSWER, rng, "x") != spoken(ANSWER, random.Random(0))
    assert second_language(ANSWER, random.Random(0)) != non_native(ANSWER, random.Random(0))


def test_star_labels_are_told_in_words_and_keep_every_sentence() -> None:
    for seed in range(10):
        labelled = star_labels(ANSWER, random.Random(seed))
        assert labelled is not None and labelled.startswith(
            (
                "The situation was that I led",
                "For context, I led",
                "The background was that I led",
                "Some context: I led",
            )
        )
        assert labelled.endswith("The team now uses the runbook I wrote.") or labelled.endswith(
            "the team now uses the runbook I wrote."
        )
        assert all(s.rstrip(".") in labelled for s in ANSWER.split(". ")[1:-1])
        # the benchmark's headers are not the twins' words
        assert "Situation:" not in labelled and "Result:" not in labelled
    assert star_labels("I moved one job. It worked.", random.Random(0)) is None
    assert star_labels(ANSWER, random.Random(0)) != with_star_labels(ANSWER, random.Random(0))


def test_with_star_each_story_gets_star_twins_a_technical_answer_none(tmp_path: Path) -> None:
    example, records = _example(tmp_path, "engineer")
    story = dataclasses.replace(example, id="A2")
    records["A2"] = dict(records["A1"], id="A2", question_type="behavioral")
    records["A1"]["question_type"] = "technical"
    # a technical answer first: the stories after it still get theirs
    made = twins([example, story], records, 2, star=True)
    assert not [t.id for t in made["A1"] if "star" in t.id]
    assert {"A2-star0", "A2-star1"} <= {t.id for t in made["A2"]}
    assert not [t.id for t in twins([example, story], records, 2)["A2"] if "star" in t.id]


def test_consistency_is_zero_for_identical_twins_and_trains_only_the_twin() -> None:
    cfg = Config()
    means = torch.tensor([0.9, 0.2])
    logits = torch.tensor([[2.0, -1.0], [2.0, -1.0], [-1.0, 2.0]], requires_grad=True)
    score = torch.tensor([0.8, 0.8, 0.3], requires_grad=True)
    same = consistency(score[:2], logits[:2], [0], 1, means, cfg)
    assert same.item() == pytest.approx(0.0, abs=1e-7)
    loss = consistency(score, logits, [0], 2, means, cfg)  # row 2 is the twin of row 0
    assert loss.item() > 0.1
    loss.backward()
    assert score.grad is not None and logits.grad is not None
    assert float(score.grad[0]) == 0.0 and float(score.grad[2]) < 0.0
    assert torch.all(logits.grad[0] == 0) and torch.any(logits.grad[2] != 0)


def _example(tmp_path: Path, role: str) -> tuple[Example, dict[str, dict[str, Any]]]:
    record = {
        "id": "A1",
        "role": role,
        "question_id": "Q1",
        "question": "Tell me about a migration you led.",
        "answer": ANSWER,
        "score": 80,
    }
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return read_examples(path, "train")[0], read_records(path)


def _pieces(twin: Example) -> int:
    return len(twin.item.pieces)


def test_a_transcript_twin_is_cut_by_the_model_trained_without_its_role(tmp_path: Path) -> None:
    example, records = _example(tmp_path, "engineer")
    never = np.full(BUCKETS, -10.0, np.float32)
    always = np.full(BUCKETS, 10.0, np.float32)
    said = "A1-said0"
    # (roles a boundary model was trained without, its weights): the engineer's answer is cut
    # by the model that never saw the engineer role, whatever the other folds' models do.
    uncut = {
        t.id: t
        for t in twins([example], records, 1, [({"nurse"}, always), ({"engineer"}, never)])["A1"]
    }
    cut_often = {
        t.id: t
        for t in twins([example], records, 1, [({"engineer"}, always), ({"nurse"}, never)])["A1"]
    }
    assert _pieces(uncut[said]) == 1
    assert _pieces(cut_often[said]) > 3
    assert uncut["A1-l2-0"].item.pieces == cut_often["A1-l2-0"].item.pieces
    assert cut._active is None  # the shipped model is back in use afterwards


#: Answers of four roles: engineers (the padded answer's role), a nurse in its fold, a chef in
#: another fold.
STORIES = {
    "engineer": (ANSWER, "I wrote the alerting rules. The pager load fell by half."),
    "nurse": (
        "I checked the drip rate. I called the registrar at once. The patient was stable by two. "
        "I moved one payroll job a week, and the failures fell from 12 to 1 a month.",
    ),
    "chef": ("I prepped the sauces at six. The pass ran clean all night.",),
}


def _examples(
    tmp_path: Path, stories: dict[str, tuple[str, ...]] = STORIES
) -> tuple[list[Example], dict[str, dict[str, Any]]]:
    path = tmp_path / "items.jsonl"
    lines = [
        {
            "id": f"{role}{k}",
            "role": role,
            "question_id": f"{role}-Q1",
            "question": "Tell me about a time you fixed something.",
            "answer": answer,
            "score": 70,
        }
        for role, answers in stories.items()
        for k, answer in enumerate(answers)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return read_examples(path, "train"), read_records(path)


def test_a_padded_twin_keeps_its_answer_and_adds_sentences_of_its_folds_other_roles(
    tmp_path: Path,
) -> None:
    examples, records = _examples(tmp_path)
    folds = [{"engineer", "nurse"}, {"chef"}]
    made = padded(examples, records, 8, folds)["engineer0"]
    own = [s.strip() for s in ANSWER.split(". ")]
    nurse = STORIES["nurse"][0]
    for twin in made:
        answer = twin.item.pieces
        text = " ".join(p.said for p in answer)
        # every sentence of the answer, in its order, and two or more of the nurse's
        positions = [text.find(s.rstrip(".")) for s in own]
        assert -1 not in positions and positions == sorted(positions)
        added = [p.said for p in answer if not any(p.said.startswith(s[:12]) for s in own)]
        # whole sentences, or the same words cut into short ones
        assert len(added) >= 2 and len(answer) == len(own) + len(added)
        assert set(_words(" ".join(added))) <= set(_words(nurse.split(" I moved")[0]))
        assert "pass ran" not in text and "pager" not in text  # no chef's, no own role's
        assert "payroll" not in text  # nor a sentence close to one of the answer's
        assert twin.left_out == examples[0].left_out and twin.id.startswith("engineer0-pad")
    # appended, put first and put in the middle over the draws, whole or cut short
    assert len({" ".join(p.said for p in t.item.pieces)[:20] for t in made}) > 1
    assert any(len(p.said.split()) < 5 for t in made for p in t.item.pieces)
    again = padded(examples, records, 8, folds)["engineer0"]
    assert [t.item for t in again] == [t.item for t in made]


def test_an_answer_whose_fold_has_no_other_role_is_not_padded(tmp_path: Path) -> None:
    examples, records = _examples(tmp_path)
    pads = padded(examples, records, 2, [{"engineer"}, {"nurse", "chef"}])
    assert "engineer0" not in pads and "engineer1" not in pads
    assert {t.id for t in pads["nurse0"]} == {"nurse0-pad0", "nurse0-pad1"}


def test_padding_cut_into_short_sentences_has_no_sentence_without_a_word() -> None:
    donors = [["It rained all day. ... ... ... ... ... ... ... ... - - - Then it stopped."]]
    pads = [_padding(random.Random(seed), donors, 6) for seed in range(40)]
    assert any(len(pad) > 1 for pad in pads)  # some were cut into short sentences
    assert all(re.search(r"\w", sentence) for pad in pads for sentence in pad)


def test_a_padded_copy_is_never_cut_short_where_the_judge_stops_reading(tmp_path: Path) -> None:
    garden = (
        "The old garden behind the library had roses along its northern wall, a pond with three "
        "slow goldfish, a bench painted green every spring, a pear tree that leaned towards the "
        "road, a path of broken flagstones, a shed full of clay pots, a blackbird that sang from "
        "the chimney at dusk, ivy on the gate, moss between the steps, lavender by the door, a "
        "sundial that nobody read, a birdbath cracked by frost, tulips in April and asters in "
        "October, a wheelbarrow with a flat tyre, and a scarecrow in a borrowed coat that the "
        "children named after their headmaster, who never found out."
    )
    answer = " ".join(f"I fixed bug number {k} in the billing job on day {k}." for k in range(16))
    stories = {"engineer": (answer,), "gardener": (" ".join([garden] * 30),)}
    examples, records = _examples(tmp_path, stories)
    made = padded(examples, records, 12, [{"engineer", "gardener"}])["engineer0"]
    assert all(not t.item.truncated for t in made)
    assert max(len(t.item.pieces) for t in made) > 40  # padded as far as the judge reads


def test_a_polished_rewrite_is_a_twin_of_its_training_answer_and_unknown_ids_are_skipped(
    tmp_path: Path,
) -> None:
    example, records = _example(tmp_path, "engineer")
    rewrite = "In my previous role I led the migration of our 14 billing jobs over six weeks."
    path = tmp_path / "polished.jsonl"
    lines = [{"id": "A1", "answer": rewrite}, {"id": "NOT-TRAINED", "answer": "Something."}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    made = polished_twins([example], records, path)
    assert list(made) == ["A1"]
    (twin,) = made["A1"]
    assert twin.id == "A1-polished" and twin.label == example.label
    assert " ".join(p.said for p in twin.item.pieces).startswith("In my previous role")
    assert polished_twins([example], records, tmp_path / "missing.jsonl") == {}


def test_the_shipped_polished_rewrites_are_one_per_training_answer() -> None:
    lines = [json.loads(line) for line in Config().polished.read_text("utf-8").splitlines()]
    assert len(lines) == len({line["id"] for line in lines}) == 160
    assert all(set(line) == {"id", "answer"} for line in lines)
    assert all(re.fullmatch(r"G\d{5}", line["id"]) and line["answer"].strip() for line in lines)
