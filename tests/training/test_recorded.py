"""A model's recorded settings do not depend on where the checkout or the home directory is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

from training.judge.__main__ import recorded
from training.judge.config import Config


def test_shared_data_and_home_paths_are_recorded_without_the_machines_part() -> None:
    cfg = dataclasses.replace(
        Config(), cache=Path.home() / ".cache" / "x", dev=Path("/srv/dev.jsonl")
    )
    settings = recorded(cfg)
    assert settings["train"] == "shared/data/train/items.jsonl"
    assert settings["semeval"][0] == "shared/data/semeval2013/beetle_train.jsonl"
    assert settings["polished"] == "training/judge/polished.jsonl"  # in the checkout
    assert settings["cache"] == "~/.cache/x"
    assert settings["dev"] == "/srv/dev.jsonl"  # elsewhere: as it is
    assert settings["epochs"] == cfg.epochs and settings["mix"] == cfg.mix
    assert settings["semeval_scores"][0] == ["correct", 85.0]
