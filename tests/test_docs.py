"""The README's examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from panelist.loaders import load_interview
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_the_interview_file_example_loads(tmp_path: Path) -> None:
    (example,) = [b for b in _blocks("yaml") if b.startswith("role:")]
    (tmp_path / "job_description.md").write_text("# Role\n- Build things\n")
    path = tmp_path / "interview.yaml"
    path.write_text(example)
    interview = load_interview(path)
    assert interview.items[0].question.reference_points
    assert interview.items[0].question.anchors[0].score == 90
    assert interview.items[0].follow_ups[0].question == "What was your own part?"


def test_the_python_api_example_runs() -> None:
    (snippet,) = _blocks("python")
    result = subprocess.run(
        [sys.executable, "-c", snippet], capture_output=True, text=True, cwd="/", timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Interview report: machine learning engineer")
