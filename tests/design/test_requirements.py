"""Reading and ranking a job description's requirements."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelist.design.requirements import ranked, requirements, title
from panelist.engines.rubric.semantics import jd_requirements
from tests.design.sources import JOB_DESCRIPTIONS


@pytest.mark.parametrize("path", JOB_DESCRIPTIONS)
def test_requirements_are_the_lines_the_rest_of_panelist_reads(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [r.text for r in requirements(text)] == list(dict.fromkeys(jd_requirements(text)))
    assert title(text)


JD = """# Backend Engineer

## What you will do
- Design and run the billing service.
- 5+ years of backend experience.
- You must hold an on-call shift every month.

## Nice to have
- Experience with Rust in production.

## Also
- Bonus: open-source contributions you are proud of.
- Clear written design documents.
"""


def test_ranking_tiers_keep_document_order_inside_a_tier() -> None:
    assert [r.text for r in ranked(JD)] == [
        "You must hold an on-call shift every month.",
        "Design and run the billing service.",
        "Clear written design documents.",
        "5+ years of backend experience.",
        "Experience with Rust in production.",
        "Bonus: open-source contributions you are proud of.",
    ]


def test_title_is_the_first_heading_without_markup() -> None:
    assert title("intro\n# **Data** Analyst\n## Other") == "Data Analyst"
    assert title("no heading\n- a bullet line here") is None
