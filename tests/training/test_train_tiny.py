"""The training entry point runs end to end on a tiny slice, and the runtime loads its output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from panelist.judge.encoder import data_file
from panelist.judge.inputs import build_input
from panelist.judge.model import Judge
from tests.conftest import ROOT, request_for

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

STYLES = [("exemplary", 92.0), ("generic", 45.0), ("off_topic", 22.0)]
ANSWERS = {
    "exemplary": "I led the migration of our billing jobs. I measured the failure rate first, then "
    "moved one job a week. Failures fell from 12 to 1 a month. My colleague Emily checked each "
    "move with me, and he wrote the runbook while I trained the team on it.",
    "generic": "I always work hard and communicate well with everyone in the team.",
    "off_topic": "My favourite holiday was a trip to the mountains with my family last summer.",
}


def _write_items(path: Path, roles: tuple[str, ...] = ("analyst", "nurse", "chef")) -> None:
    lines = []
    for role in roles:
        for q in range(2):
            for style, score in STYLES:
                lines.append(
                    {
                        "id": f"{role}{q}{style}",
                        "role": role,
                        "question_id": f"{role}_Q{q}",
                        "question": f"Tell me about a time you improved a process as a {role} ({q}).",
                        "answer": ANSWERS[style],
                        "score": score,
                        "style": style,
                        "job_description": f"- Improves processes as a {role}\n",
                    }
                )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def _train(args: list[str]) -> subprocess.CompletedProcess[str]:
    """``python -m training.judge ARGS``, which must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "training.judge", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.mark.parametrize("cv", [False, True])
def test_training_writes_a_model_the_runtime_loads(tmp_path: Path, cv: bool) -> None:
    items = tmp_path / "items.jsonl"
    _write_items(items)
    out = tmp_path / "model"
    args = [
        "--train",
        str(items),
        "--dev",
        str(items),
        "--no-semeval",
        "--epochs",
        "1",
        "--out",
        str(out),
        "--cache",
        str(tmp_path / "cache"),
    ]
    if cv:
        args += ["--cv", "--folds", "3", "--no-description-rate", "1", "--twin-rate", "1"]
    result = _train(args)
    if cv:
        report = json.loads((out / "cv.json").read_text())
        assert "cross-validation grouped by role: n=18" in report["report"]
        assert "the same, answers without their job description: n=18" in report["report"]
        for kind in ("names and pronouns", "non-native grammar", "spoken transcript"):
            # the six exemplary answers are long enough to be paired, and scored out of fold
            assert f"counterfactual, {kind}, out of fold: n=6 " in report["report"]
        assert report["config"]["no_description_rate"] == 1
        assert report["config"]["twin_rate"] == 1
        # six exemplary answers long enough: two transcripts, two second-language renderings
        # each; no padded copies, as each fold has one role (padding comes from the same fold)
        assert ", 24 twins (0 padded); " in result.stdout
        assert len(report["predictions"]) == 18
        # every pair's outputs are kept, both sides, to check a calibration on them
        spoken = report["pairs"]["spoken transcript"]
        assert len(spoken) == 6 and all(len(p["sides"]) == 2 for p in spoken)
        assert len(spoken[0]["style_means"]) == len(spoken[0]["sides"][1]["style_probs"]) == 3
        return
    meta = json.loads((out / "judge.json").read_text())
    assert meta["styles"] == sorted(s for s, _ in STYLES)
    shutil.copy(data_file("encoder.onnx"), out / "encoder.onnx")
    judge = Judge(out)
    prediction = judge.predict(build_input(request_for(ANSWERS["exemplary"])))
    assert 0 <= prediction.score <= 100
    assert abs(sum(prediction.styles.values()) - 1) < 1e-4
    assert len(prediction.piece_score) == 4  # one per sentence


def test_cross_validation_gives_good_answers_other_questions_of_held_out_roles(
    tmp_path: Path,
) -> None:
    """Each good answer is scored under its question, another held-out role's, another of its
    role's and a general question (two roles per fold: four roles, two folds)."""
    items = tmp_path / "items.jsonl"
    _write_items(items, ("analyst", "nurse", "chef", "pilot"))
    out = tmp_path / "model"
    args = ["--train", str(items), "--dev", str(items), "--no-semeval", "--epochs", "1"]
    args += ["--cv", "--folds", "2", "--out", str(out), "--cache", str(tmp_path / "cache")]
    # the options' training paths run too; misfits add the style read as another question
    args += ["--cross-rate", "1", "--misfit-rate", "1", "--general-rate", "1"]
    result = _train(args)
    # two roles a fold: answers are padded with the other role's sentences that are far from
    # them (the holiday story pads the exemplary answer), and the padded copies are trained on
    padded = re.search(r"\((\d+) padded\)", result.stdout)
    assert padded is not None and int(padded.group(1)) > 0
    report = json.loads((out / "cv.json").read_text())
    # the eight exemplary answers (two questions in each of four roles)
    assert (
        "good answers given to another question, out of fold: n=8; own question"
        in (report["report"])
    )
    own, other, sibling, general = report["moved"].values()
    assert len(own) == len(other) == len(sibling) == len(general) == 8
    assert all(k.endswith(">general") for k in general)
    assert "read as an answer to another question (p >= 0.5), out of fold" in report["report"]
    for answer in own:  # ids like "nurse1exemplary"; swapped ones add ">" and the question's id
        role, q = answer[: -len("1exemplary")], answer[-len("1exemplary")]
        elsewhere = next(k.split(">", 1)[1] for k in other if k.startswith(answer + ">"))
        mine = next(k.split(">", 1)[1] for k in sibling if k.startswith(answer + ">"))
        assert not elsewhere.startswith(f"{role}_Q")
        assert mine.startswith(f"{role}_Q") and mine != f"{role}_Q{q}"
