"""benchmarks/rewrites.py and its data: good dev answers told with STAR labels, figures or polish."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from benchmarks import rewrites


def test_each_answer_is_rewritten_each_way() -> None:
    lines = [json.loads(line) for line in rewrites.REWRITES.read_text("utf-8").splitlines()]
    kinds: dict[str, set[str]] = {}
    for line in lines:
        assert set(line) == {"id", "kind", "answer"} and line["answer"].strip()
        kinds.setdefault(line["id"], set()).add(line["kind"])
    assert len(kinds) == 28
    assert all(k == {"labels", "star2", "figures", "polished"} for k in kinds.values())
    labelled = [line["answer"] for line in lines if line["kind"] == "labels"]
    assert all("The situation was" in a and "the result" in a.lower() for a in labelled)


def test_without_the_dev_answers_it_says_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["rewrites.py", "--data", str(tmp_path)])
    with pytest.raises(SystemExit, match="needs the dev answers"):
        rewrites.main()
