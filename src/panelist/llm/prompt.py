"""The grading prompt (``data/prompts/grade.yaml``) filled in for one answer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any

from panelist.datafiles import load_yaml
from panelist.engines.base import EvaluationRequest

#: Longest job description sent to the model, in characters; the rest is cut.
MAX_JOB_DESCRIPTION = 6000
MAX_ANCHORS = 6


@dataclass(frozen=True)
class Prompt:
    """The versioned prompt templates."""

    version: str
    system: str
    user: Template
    correction: Template
    rubric_parts: dict[str, Template]

    def messages(self, request: EvaluationRequest) -> list[dict[str, str]]:
        """System and user messages for ``request``."""
        question = request.question
        user = self.user.substitute(
            job_description=_fence(request.job_description.text[:MAX_JOB_DESCRIPTION] or "(none)"),
            question_type=question.type.value,
            question=_fence(question.text),
            rubric=self.rubric(request),
            answer=_fence(request.answer or "(empty)"),
        )
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]

    def rubric(self, request: EvaluationRequest) -> str:
        """The rubric section: reference points, model answers, anchors and the follow-up
        questions asked (a second round), those present."""
        question, parts = request.question, []
        if question.reference_points:
            items = "\n".join(f"- {p}" for p in question.reference_points)
            parts.append(self.rubric_parts["reference_points"].substitute(items=_fence(items)))
        for text in [question.reference_answer, *question.alternative_answers][:3]:
            if text:
                parts.append(self.rubric_parts["reference_answer"].substitute(text=_fence(text)))
        if question.anchors:
            items = "\n".join(
                f"- score {a.score}: {_fence(a.answer)[:600]}"
                for a in question.anchors[:MAX_ANCHORS]
            )
            parts.append(self.rubric_parts["anchors"].substitute(items=items))
        if request.asked:
            items = "\n".join(f"{n}. {_fence(q)}" for n, q in enumerate(request.asked, 1))
            parts.append(self.rubric_parts["follow_ups"].substitute(items=items))
        return "\n\n".join(parts) or self.rubric_parts["none"].substitute()


def _fence(text: str) -> str:
    """Neutralise tags that could close the prompt's delimiters early."""
    return text.replace("</", "<\\/")


@lru_cache(maxsize=1)
def get_prompt() -> Prompt:
    """The prompt shipped with Panelist."""
    source = resources.files("panelist") / "data" / "prompts" / "grade.yaml"
    raw: dict[str, Any] = load_yaml(source.read_text(encoding="utf-8"))
    return Prompt(
        version=str(raw["version"]),
        system=raw["system"].strip(),
        user=Template(raw["user"]),
        correction=Template(raw["correction"]),
        rubric_parts={k: Template(v) for k, v in raw["rubric_parts"].items()},
    )
