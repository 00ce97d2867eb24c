"""Writing a composed interview as an interview file (YAML in the format ``load_interview`` reads).

Every question gets ``answer: ""`` (an empty answer loads; fill it in before evaluating) and
comments naming the requirement it probes and what a strong answer shows. Technical questions
carry placeholder reference points and the file starts with a comment asking to replace them;
those a model drafted (``--llm``) carry its points, and comments saying to check them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from panelist.design.bank import Kind
from panelist.design.compose import REFERENCE_PLACEHOLDER, InterviewPlan, PlannedQuestion

_KIND_LABEL = {
    Kind.PAST: "past behaviour",
    Kind.SITUATIONAL: "situational",
    Kind.TECHNICAL: "technical",
}
#: Characters a YAML stream may not contain, even in a comment.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class _Block(str):
    """Text written as a literal block (``|``) when YAML allows it."""


class _Dumper(yaml.SafeDumper):
    pass


def _block(dumper: yaml.SafeDumper, data: _Block) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


_Dumper.add_representer(_Block, _block)


def _quoted(text: str) -> str:
    out: str = yaml.dump(text, Dumper=_Dumper, default_style='"', allow_unicode=True, width=2**31)
    return out.strip("\n")


def _comment(text: str) -> str:
    return _NON_PRINTABLE.sub("?", " ".join(text.split()))


def _header(plan: InterviewPlan) -> list[str]:
    lines = [
        f"# Interview for {_comment(plan.role)}, written by `panelist questions` from the job",
        f"# description below (question bank version {plan.bank_version}).",
        "#",
        "# Before you use it:",
    ]
    drafted = sorted({q.drafted_by for q in plan.questions if q.drafted_by})
    if drafted:
        lines += [
            f"# - LANGUAGE MODEL DRAFTS ({_comment(', '.join(drafted))}): the questions marked",
            '#   "drafted by" were written, with their reference points, by a language model.',
            "#   Check every point before you score with it: the points decide what is correct.",
        ]
    if any(q.kind is Kind.TECHNICAL and not q.reference_points for q in plan.questions):
        lines += [
            '# - TECHNICAL QUESTIONS: replace every reference point starting with "TODO:" with',
            "#   what a correct answer must cover (one point per line). Panelist does not invent",
            "#   them: `panelist evaluate` refuses the file while a placeholder is left in.",
        ]
    lines += [
        '# - Fill each `answer: ""` with the candidate\'s answer (or invite candidates to answer),',
        "#   then run: panelist evaluate THIS_FILE",
        "# Each question's comment names the job requirement it probes; the `competency` field",
        "# repeats it. Edit, reorder or remove questions freely.",
    ]
    return lines


def _question(q: PlannedQuestion) -> list[str]:
    label = _KIND_LABEL[q.kind]
    if q.competency:
        label += f" · {q.competency.name}"
    lines = [
        "",
        f"  # {q.id} ({label})",
        f"  # Probes the requirement: {_comment(q.requirement.text)}",
    ]
    if q.drafted_by:
        lines.append(
            f"  # Question and reference points drafted by {_comment(q.drafted_by)}: check them."
        )
    if q.what_good_looks_like:
        lines.append("  # A strong answer:")
        lines += [f"  #   - {_comment(point)}" for point in q.what_good_looks_like]
    lines += [
        f"  - id: {q.id}",
        f"    type: {'technical' if q.kind is Kind.TECHNICAL else 'behavioral'}",
        f"    competency: {_quoted(q.competency_label)}",
        f"    text: {_quoted(q.text)}",
    ]
    if q.kind is Kind.TECHNICAL:
        points = q.reference_points or (REFERENCE_PLACEHOLDER,)
        lines += ["    reference_points:", *(f"      - {_quoted(p)}" for p in points)]
    lines.append('    answer: ""')
    return lines


def to_yaml(plan: InterviewPlan) -> str:
    """The interview file's text."""
    body: dict[str, Any] = {"role": plan.role, "job_description": _Block(plan.job_description)}
    dumped = yaml.dump(
        body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    lines = [*_header(plan), dumped.rstrip("\n"), "questions:"]
    for question in plan.questions:
        lines += _question(question)
    return "\n".join(lines) + "\n"
