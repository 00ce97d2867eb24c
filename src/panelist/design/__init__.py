"""Designing interviews: from a job description to an interview file of good questions.

``compose_interview(text)`` is the Python API of ``panelist questions``: it reads the description's
requirements, matches them to the question bank's competencies offline and returns the YAML
text of an interview file (see ``docs/questions.md``). ``draft_technical(plan, client)`` has a
chat model write the technical questions and their reference points (``--llm``).
"""

from __future__ import annotations

from panelist.design.bank import Kind, QuestionBank, load_bank
from panelist.design.compose import (
    DEFAULT_QUESTIONS,
    InterviewPlan,
    PlannedQuestion,
    plan_interview,
)
from panelist.design.generate import Generated, draft_technical
from panelist.design.writer import to_yaml


def compose_interview(
    job_description_text: str, n: int = DEFAULT_QUESTIONS, role: str | None = None
) -> str:
    """The YAML text of an interview file of ``n`` questions for the job description.

    ``role`` defaults to the description's first heading. Raises ``InputError`` when the
    description has no bullet requirements, no heading and no role is given, or ``n`` is not
    between 1 and 30.
    """
    return to_yaml(plan_interview(job_description_text, n=n, role=role))


__all__ = [
    "Generated",
    "InterviewPlan",
    "Kind",
    "PlannedQuestion",
    "QuestionBank",
    "compose_interview",
    "draft_technical",
    "load_bank",
    "plan_interview",
    "to_yaml",
]
