"""The interview report as Markdown, for pull requests, wikis and chat."""

from __future__ import annotations

from panelist.models import Evidence, Point, Report
from panelist.report.text import format_score, judged_of


def _point(point: Point) -> str:
    line = f"- {' '.join(point.text.split())}"
    if point.requirement:
        line += f" *(job requirement: {point.requirement})*"
    return line


def _quote(evidence: Evidence) -> str:
    return f"> {' '.join(evidence.quote.split())} (chars {evidence.start}-{evidence.end})"


def render_markdown(report: Report) -> str:
    """Render ``report`` as GitHub-flavoured Markdown."""
    summary = report.summary
    out = [f"# Interview report: {report.interview.role}", ""]
    if report.interview.candidate:
        out += [f"Candidate: {report.interview.candidate}", ""]
    out += ["## Overall summary", "", "| | |", "|---|---|"]
    out += [
        f"| Total questions | {summary.total_questions} |",
        *(
            [f"| Answers judged | {judged_of(summary)} |"]
            if summary.judged_questions is not None
            else []
        ),
        f"| Average relevancy score | {format_score(summary.average_score)}/100 |",
        f"| Highest score | {summary.highest.score}/100 ({', '.join(summary.highest.question_ids)})"
        " |",
        f"| Lowest score | {summary.lowest.score}/100 ({', '.join(summary.lowest.question_ids)}) |",
        "",
    ]
    if summary.criteria_averages:
        out += ["| Criterion | Average |", "|---|---|"]
        out += [f"| {k} | {format_score(v)}/100 |" for k, v in summary.criteria_averages.items()]
        out += [""]
    if summary.common_weaknesses:
        out += ["**Common weaknesses**", "", *[f"- {w}" for w in summary.common_weaknesses], ""]
    if summary.flagged:
        out += ["**Flagged answers**", ""]
        out += [f"- `{code}`: {', '.join(ids)}" for code, ids in summary.flagged.items()]
        out += [""]
    for n, (item, ev) in enumerate(zip(report.interview.items, report.evaluations, strict=True), 1):
        out += [f"## Question {n}: {item.question.id}", "", f"**{item.question.text}**", ""]
        out += [
            "<details><summary>Candidate answer</summary>",
            "",
            item.full_answer,
            "",
            "</details>",
            "",
        ]
        out += [f"**Relevancy score: {ev.score}/100**", ""]
        if ev.criteria:
            out += [" · ".join(f"{k} {v}" for k, v in ev.criteria.items()), ""]
        for title, points in (
            ("Strengths", ev.strengths),
            ("Weaknesses", ev.weaknesses),
            ("Improvement tips", ev.improvement_tips),
        ):
            out += [f"### {title}", ""]
            out += [_point(p) for p in points] or ["- (none)"]
            out += [""]
        out += ["### Justification", "", ev.justification, ""]
        if ev.flags:
            out += ["### Flags", ""]
            for flag in ev.flags:
                out += [f"- `{flag.code}`: {flag.message}", *[_quote(e) for e in flag.evidence]]
            out += [""]
        if ev.follow_ups:
            out += ["### Follow-up questions", ""]
            out += [f"- {' '.join(f.text.split())} *({f.reason})*" for f in ev.follow_ups]
            out += [""]
    return "\n".join(out).rstrip() + "\n"
