"""The README's examples run as written, and the docs' relative links lead somewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

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


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *ROOT.glob("src/**/*.md")]


@lru_cache
def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    heads = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
    slug = (re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads)
    return set(slug)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_lead_to_files_and_headings_that_exist(doc: Path) -> None:
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists() or (anchor and anchor not in _anchors(path)):
            broken.append(target)
    assert broken == []
