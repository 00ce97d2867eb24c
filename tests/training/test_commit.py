"""The commit a model says it was trained at names uncommitted changes too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

from training.judge.__main__ import commit


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_model_trained_on_changed_code_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no checkout above
    assert commit() == "unknown"
    _git("init", "-q")
    (tmp_path / "recipe.py").write_text("RATE = 0.5\n", encoding="utf-8")
    _git("add", "recipe.py")
    _git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "recipe")
    head = _git("rev-parse", "--short", "HEAD")
    (tmp_path / "notes.txt").write_text("not tracked\n", encoding="utf-8")
    assert commit() == head
    (tmp_path / "recipe.py").write_text("RATE = 0.7\n", encoding="utf-8")
    assert commit() == f"{head}+changes"
    _git("checkout", "-q", "recipe.py")
    assert commit() == head
    (tmp_path / "helper.py").write_text("RATE = 0.9\n", encoding="utf-8")  # importable
    assert commit() == f"{head}+changes"
