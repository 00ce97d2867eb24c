"""The plain-text interview report, in the layout of the reference report, and its parser.

Parsing a report and rendering it again gives the same bytes. Sections the reference has no
example of (flags, follow-up questions, criteria averages, common weaknesses) appear only when
they have content.
"""

from __future__ import annotations

import re

from panelist.aggregate import summarize
from panelist.errors import InputError
from panelist.models import (
    FOLLOW_UP_PREFIX,
    Evaluation,
    Flag,
    FollowUp,
    FollowUpAnswer,
    Interview,
    Point,
    Question,
    QuestionAnswer,
    Report,
    Summary,
    with_follow_up_answers,
)

BANNER = "=" * 70
_NONE = "  (none)"
FOLLOW_UPS = "Follow-up Questions:"
_SECTIONS = (
    ("Strengths", "strengths"),
    ("Weaknesses", "weaknesses"),
    ("Improvement Tips", "improvement_tips"),
)


def format_score(value: float) -> str:
    """``95`` for whole numbers, ``87.4`` otherwise."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _bullets(lines: list[str]) -> list[str]:
    return [f"  - {' '.join(line.split())}" for line in lines] or [_NONE]


def render_text(report: Report) -> str:
    """Render ``report`` as the reference text layout (no trailing newline, like the reference)."""
    out = [BANNER, "INTERVIEW REPORT", BANNER, f"Role: {report.interview.role}", BANNER, "", ""]
    for n, (item, evaluation) in enumerate(
        zip(report.interview.items, report.evaluations, strict=True), start=1
    ):
        out += [BANNER, f"QUESTION {n}: {item.question.id}", BANNER, ""]
        out += [item.question.text, "", "Candidate Answer:", item.full_answer, ""]
        out += [f"Relevancy Score: {evaluation.score}/100", ""]
        for title, field in _SECTIONS:
            points: list[Point] = getattr(evaluation, field)
            out += [f"{title}:", *_bullets([p.text for p in points]), ""]
        out += ["Justification:", " ".join(evaluation.justification.split()), ""]
        if evaluation.flags:
            out += ["Flags:", *_bullets([f"[{f.code}] {f.message}" for f in evaluation.flags]), ""]
        if evaluation.follow_ups:
            asks = [f"[{f.reason}] {f.text}" for f in evaluation.follow_ups]
            out += [FOLLOW_UPS, *_bullets(asks), ""]
    summary = report.summary
    out += [BANNER, "OVERALL SUMMARY", BANNER, ""]
    out += [*_figures(summary), ""]
    if summary.criteria_averages:
        out += ["Criteria Averages:"]
        out += [f"  - {k}: {format_score(v)}/100" for k, v in summary.criteria_averages.items()]
        out += [""]
    if summary.common_weaknesses:
        out += ["Common Weaknesses:", *_bullets(summary.common_weaknesses), ""]
    if summary.flagged:
        out += ["Flagged Answers:"]
        out += [f"  - {code}: {', '.join(ids)}" for code, ids in summary.flagged.items()]
        out += [""]
    out.append(BANNER)
    return "\n".join(out)


class _Lines:
    """A cursor over the lines of a report that names the line number in its errors."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.split("\n")
        self.i = 0
        self.source = source

    def error(self, message: str, line: int | None = None) -> InputError:
        return InputError(
            f"{self.source}, line {(self.i if line is None else line) + 1}: {message}"
        )

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def take(self, expected: str | re.Pattern[str] | None = None) -> str:
        line = self.peek()
        if line is None:
            raise self.error("unexpected end of report")
        if isinstance(expected, str) and line != expected:
            raise self.error(f"expected {expected!r}, found {line[:60]!r}")
        if isinstance(expected, re.Pattern) and not expected.fullmatch(line):
            raise self.error(f"expected a line like {expected.pattern!r}, found {line[:60]!r}")
        self.i += 1
        return line

    def until(self, stop: re.Pattern[str], after_blank: bool = True) -> str:
        """Lines up to (not including) a blank line followed by a line matching ``stop``."""
        start = self.i
        while self.i < len(self.lines):
            nxt = self.lines[self.i + 1] if self.i + 1 < len(self.lines) else None
            if after_blank and self.lines[self.i] == "" and nxt is not None and stop.fullmatch(nxt):
                break
            self.i += 1
        else:
            raise self.error(f"missing a line like {stop.pattern!r}")
        return "\n".join(self.lines[start : self.i])

    def answer(self) -> str:
        """The candidate answer: lines up to the blank line before its score line.

        An answer is verbatim and may hold a line like ``Relevancy Score: 100/100``; the score
        line is the last one followed by a blank line and ``Strengths:`` before the next
        question (nothing after the score spans lines). Without one, the first line like a
        score line ends the answer, so that the error names what is wrong after it.
        """
        lines, end = self.lines, self.i
        while end < len(lines) and not _header_at(lines, end):
            end += 1
        starts = [
            i
            for i in range(self.i, min(end, len(lines) - 1))
            if lines[i] == "" and _RELEVANCY.fullmatch(lines[i + 1])
        ]
        scored = [i for i in starts if lines[i + 2 : i + 4] == ["", "Strengths:"]]
        if not starts:
            raise self.error(f"missing a line like {_RELEVANCY.pattern!r} after the answer")
        start, self.i = self.i, (scored[-1] if scored else starts[0])
        return "\n".join(lines[start : self.i])

    def bullets(self) -> list[str]:
        items = []
        while (line := self.peek()) is not None and line.startswith("  "):
            self.i += 1
            if line == _NONE:
                continue
            if not line.startswith("  - "):
                raise self.error(f"expected a '  - ' bullet, found {line[:60]!r}")
            items.append(line[4:])
        return items


_QUESTION = re.compile(r"QUESTION (\d+): (\S+)")
_SCORE = re.compile(r"Relevancy Score: (\d{1,3})/100")
_CANDIDATE = re.compile(r"Candidate Answer:")
_RELEVANCY = re.compile(r"Relevancy Score: .*")
_BANNER = re.compile(re.escape(BANNER))
_CRITERION = re.compile(r"(\S+): (\d+(?:\.\d)?)/100")
_FLAG = re.compile(r"\[([^\]]+)\] (.*)")


def _header_at(lines: list[str], i: int) -> bool:
    """Whether a question's or the summary's banner-framed header starts at line ``i``."""
    return (
        lines[i] == BANNER
        and i + 2 < len(lines)
        and lines[i + 2] == BANNER
        and (lines[i + 1] == "OVERALL SUMMARY" or bool(_QUESTION.fullmatch(lines[i + 1])))
    )


def parse_text(text: str, source: str = "<report>") -> Report:
    """Parse a report in the reference text layout back into a :class:`Report`."""
    cur = _Lines(text.replace("\r\n", "\n"), source)
    cur.take(BANNER)
    cur.take("INTERVIEW REPORT")
    cur.take(BANNER)
    role = cur.take(re.compile(r"Role: .+"))[len("Role: ") :]
    cur.take(BANNER)
    cur.take("")
    cur.take("")
    items: list[QuestionAnswer] = []
    evaluations: list[Evaluation] = []
    while cur.peek() == BANNER and cur.lines[cur.i + 1 : cur.i + 2] != ["OVERALL SUMMARY"]:
        item, evaluation = _parse_question(cur, len(items) + 1)
        items.append(item)
        evaluations.append(evaluation)
    if not items:
        raise cur.error("the report has no questions")
    summary = _parse_summary(cur, evaluations)
    try:
        interview = Interview(role=role, items=items)
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from exc
    return Report(interview=interview, evaluations=evaluations, summary=summary)


def _parse_question(cur: _Lines, number: int) -> tuple[QuestionAnswer, Evaluation]:
    cur.take(BANNER)
    header_line = cur.i
    header = _QUESTION.fullmatch(cur.take(_QUESTION))
    assert header is not None
    if int(header.group(1)) != number:
        message = f"question {header.group(1)} is out of order (expected {number})"
        raise cur.error(message, header_line)
    qid = header.group(2)
    cur.take(BANNER)
    cur.take("")
    question = cur.until(_CANDIDATE)
    cur.take("")
    cur.take("Candidate Answer:")
    answer = cur.answer()
    cur.take("")
    match = _SCORE.fullmatch(cur.take(_SCORE))
    assert match is not None
    score = int(match.group(1))
    if score > 100:
        raise cur.error(f"score {score} is above 100")
    cur.take("")
    sections: dict[str, list[str]] = {}
    for title, field in _SECTIONS:
        cur.take(f"{title}:")
        sections[field] = cur.bullets()
        cur.take("")
    cur.take("Justification:")
    justification = cur.until(re.compile(rf"Flags:|{FOLLOW_UPS}|" + _BANNER.pattern))
    cur.take("")
    flags = []
    if cur.peek() == "Flags:":
        cur.take()
        for bullet in cur.bullets():
            flag = _FLAG.fullmatch(bullet)
            if not flag:
                raise cur.error(f"expected '[code] message' in a flag, found {bullet[:60]!r}")
            flags.append(Flag(code=flag.group(1), message=flag.group(2)))
        cur.take("")
    follow_ups = []
    if cur.peek() == FOLLOW_UPS:
        cur.take()
        for bullet in cur.bullets():
            ask = _FLAG.fullmatch(bullet)
            if not ask:
                raise cur.error(
                    f"expected '[reason] question' in a follow-up, found {bullet[:60]!r}"
                )
            follow_ups.append(FollowUp(reason=ask.group(1), text=ask.group(2)))
        cur.take("")
    if not question:
        raise cur.error(f"question {qid} has no text")
    evaluation = Evaluation(
        question_id=qid,
        score=score,
        strengths=[Point(text=t) for t in sections["strengths"]],
        weaknesses=[Point(text=t) for t in sections["weaknesses"]],
        improvement_tips=[Point(text=t) for t in sections["improvement_tips"]],
        justification=justification,
        flags=flags,
        follow_ups=follow_ups,
        engine="parsed",
    )
    first, exchanges = split_follow_up_answers(answer)
    item = QuestionAnswer(
        question=Question(id=qid, text=question), answer=first, follow_ups=exchanges
    )
    return item, evaluation


def split_follow_up_answers(text: str) -> tuple[str, list[FollowUpAnswer]]:
    """The first answer and the follow-up exchanges of an evaluated answer text (the inverse of
    ``with_follow_up_answers`` whenever that gives ``text`` back; else ``text`` unsplit)."""
    pieces = text.split(f"\n\n{FOLLOW_UP_PREFIX}")
    exchanges = []
    for piece in pieces[1:]:
        question, newline, answer = piece.partition("\n")
        if not newline or not question.strip():
            return text, []
        exchanges.append(FollowUpAnswer(question=question, answer=answer))
    if with_follow_up_answers(pieces[0], exchanges) != text:
        return text, []
    return pieces[0], exchanges


def judged_of(summary: Summary) -> str:
    """How many answers the summary's figures count, as reports say it: "8 of 9 (...)"."""
    return (
        f"{summary.judged_questions} of {summary.total_questions} (the figures below count only "
        "these)"
    )


def _figures(summary: Summary) -> list[str]:
    """The summary's lines of figures, as rendered (with the answers judged, when not all)."""
    out = [f"Total Questions: {summary.total_questions}"]
    if summary.judged_questions is not None:
        out.append(f"Answers Judged: {judged_of(summary)}")
    return [
        *out,
        f"Average Relevancy Score: {format_score(summary.average_score)}/100",
        f"Highest Score: {summary.highest.score}/100",
        f"Lowest Score: {summary.lowest.score}/100",
    ]


def _parse_summary(cur: _Lines, evaluations: list[Evaluation]) -> Summary:
    cur.take(BANNER)
    cur.take("OVERALL SUMMARY")
    cur.take(BANNER)
    cur.take("")
    computed = summarize(evaluations)
    figures = _figures(computed)
    legacy = summarize(evaluations, count_unjudged=True)
    if cur.lines[cur.i : cur.i + len(old := _figures(legacy))] == old:
        # saved before answers not judged were left out of the figures: read as it was
        computed, figures = legacy, old
    elif computed.judged_questions is not None and cur.lines[cur.i + 1 : cur.i + 2] != figures[1:2]:
        # saved before the line of answers judged was written (2026-12-02): read as it was
        computed = computed.model_copy(update={"judged_questions": None})
        figures = _figures(computed)
    for line in figures:
        found = cur.peek()
        if found != line:
            raise cur.error(
                f"summary does not match the scores: expected {line!r}, found {found!r}"
            )
        cur.take()
    cur.take("")
    criteria: dict[str, float] = {}
    common: list[str] = []
    while cur.peek() in ("Criteria Averages:", "Common Weaknesses:", "Flagged Answers:"):
        title = cur.take()
        bullets = cur.bullets()
        cur.take("")
        if title == "Common Weaknesses:":
            common = bullets
        elif title == "Criteria Averages:":
            for bullet in bullets:
                match = _CRITERION.fullmatch(bullet)
                if not match:
                    raise cur.error(f"expected 'name: N/100', found {bullet[:60]!r}")
                criteria[match.group(1)] = float(match.group(2))
    cur.take(BANNER)
    if any(line.strip() for line in cur.lines[cur.i :]):
        raise cur.error("unexpected text after the closing banner")
    return computed.model_copy(update={"criteria_averages": criteria, "common_weaknesses": common})
