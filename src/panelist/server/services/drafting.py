"""Drafting a question set from a job's description, for the recruiter to edit and then save.

Nothing is stored: the API returns the draft and the page fills its question form with it. The
questions come from :func:`panelist.design.plan_interview` (the question bank, offline); the
``planner`` argument of :func:`draft` is where another source plugs in. Technical questions
carry :data:`~panelist.design.compose.REFERENCE_PLACEHOLDER` as their reference point, which
creating the set refuses until it is replaced, unless the server drafts with a language model
(``PANELIST_SERVER_DRAFT_WITH_LLM``): then the model writes them and their points
(:func:`panelist.design.draft_technical`), and a question it could not draft keeps its
placeholder with a problem line saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from panelist.design import InterviewPlan, Kind, draft_technical, plan_interview, to_yaml
from panelist.design.compose import DEFAULT_QUESTIONS
from panelist.design.generate import chat_client
from panelist.design.requirements import ranked
from panelist.errors import InputError
from panelist.llm.client import ChatClient
from panelist.models import Question
from panelist.server.config import ServerSettings
from panelist.server.tables import Job


class Planner(Protocol):
    """Chooses ``n`` questions for a job description (:func:`panelist.design.plan_interview`)."""

    def __call__(self, job_description: str, n: int, role: str | None) -> InterviewPlan: ...


@dataclass(frozen=True)
class DraftedQuestion:
    """A drafted question, the job requirement it probes and what a strong answer shows."""

    question: Question
    kind: Kind
    requirement: str
    what_good_looks_like: tuple[str, ...]
    drafted_by: str | None = None


@dataclass(frozen=True)
class Drafted:
    """A draft of a question set: a name and role for it, its questions, and the same as an
    interview file (YAML)."""

    name: str
    role: str
    questions: tuple[DraftedQuestion, ...]
    yaml: str
    problems: tuple[str, ...] = ()


def cannot_draft(job: Job) -> str | None:
    """Why the job's description cannot be drafted from, or None when it can."""
    if not job.description.strip():
        return (
            "the job has no description: add one, with each requirement on a bullet line ('- ...')"
        )
    if not ranked(job.description):
        return (
            "the job description has no requirements: write each one as a bullet line "
            "('- ...' or '1. ...')"
        )
    return None


def llm_client(settings: ServerSettings) -> ChatClient | None:
    """The model that drafts technical questions, when the server is set to use one."""
    if not settings.draft_with_llm:
        return None
    return chat_client(settings.llm_options, "PANELIST_SERVER_LLM_OPTIONS")


def draft(
    job: Job,
    n: int = DEFAULT_QUESTIONS,
    role: str | None = None,
    *,
    planner: Planner = plan_interview,
    client: ChatClient | None = None,
) -> Drafted:
    """``n`` questions for ``job`` from its description; ``role`` defaults to the job's title.
    With ``client``, the model writes the technical questions and their reference points.

    Raises :class:`~panelist.errors.InputError` when the description cannot be drafted from.
    """
    if not job.description.strip():
        raise InputError(str(cannot_draft(job)))
    plan = planner(job.description, n=n, role=(role or "").strip() or job.title)
    problems: tuple[str, ...] = ()
    if client is not None:
        generated = draft_technical(plan, client)
        plan, problems = generated.plan, generated.problems
    questions = tuple(
        DraftedQuestion(
            q.to_question(), q.kind, q.requirement.text, q.what_good_looks_like, q.drafted_by
        )
        for q in plan.questions
    )
    return Drafted(f"{job.title} questions", plan.role, questions, to_yaml(plan), problems)


def draft_for(job: Job, n: int, role: str | None, settings: ServerSettings) -> Drafted:
    """:func:`draft` with the server's model when it drafts with one (closed afterwards)."""
    client = llm_client(settings)
    try:
        return draft(job, n, role, client=client)
    finally:
        if client is not None:
            client.close()
