"""Anchors from past answers: for each question, example answers spread over the levels.

``panelist anchors`` reads answers scored before, by a person (graded batch lines with a 0-100
``score`` label) or by an engine (the records of ``panelist score``, joined by id to the batch
that was scored), groups them by question and keeps, for each level of
:data:`panelist.quality.LEVEL_EDGES`, the answer closest to the middle of the level's range.
Answers the guard flags, near-duplicates of a chosen answer, answers over the length limit and
answers under :data:`MIN_WORDS` words (except at the lowest level) are never chosen. The
result is YAML: a mapping question id -> anchors, or an interview file with the anchors added.

Reading is :func:`read_scored`; choosing (:func:`choose_anchors`) and writing the mapping
(:func:`anchors_yaml`) are pure; :func:`merge_into_interview` reads the interview file. The same
input gives the same output.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from panelist.api import MAX_ANSWER_CHARS
from panelist.errors import InputError, PanelistError
from panelist.guard import check
from panelist.loaders import (
    UniqueKeyLoader,
    describe_validation,
    load_interview,
    parse_line,
)
from panelist.models import Anchor, Interview, Score
from panelist.quality import LEVEL_EDGES, LEVEL_NAMES
from panelist.text import words
from panelist.textfiles import read_lines, read_text

#: Anchors per question unless asked otherwise (one per level, at most).
DEFAULT_PER_QUESTION = 5
#: Fewer words than this: too thin to teach a level, except the lowest one.
MIN_WORDS = 15
#: Guard findings that make an answer unfit as an example: it is judged by the rules, not by
#: its level (text addressed to the grader, a non-answer, another language, unreadable text).
GUARD_CODES = frozenset(
    {"grader_instruction", "non_answer", "unsupported_language", "gibberish", "word_salad"}
)
#: Share of shared word pairs (Jaccard over word bigrams) from which two answers are one.
NEAR_DUPLICATE = 0.7


@dataclass(frozen=True)
class Band:
    """A level of the 0-100 scale: its index, inclusive range and name."""

    level: int
    low: int
    high: int
    name: str

    @property
    def centre(self) -> float:
        """The middle of the range: the score most typical of the level."""
        return (self.low + self.high) / 2

    @property
    def label(self) -> str:
        """``strong (75-89)``."""
        return f"{self.name} ({self.low}-{self.high})"

    def holds(self, score: int) -> bool:
        """Whether ``score`` is in this level."""
        return self.low <= score <= self.high


def _bands() -> tuple[Band, ...]:
    lows = (0, *LEVEL_EDGES)
    highs = (*(edge - 1 for edge in LEVEL_EDGES), 100)
    return tuple(
        Band(i, low, high, name)
        for i, (low, high, name) in enumerate(zip(lows, highs, LEVEL_NAMES, strict=True))
    )


#: The six levels of :mod:`panelist.quality`, lowest first.
BANDS = _bands()


def band_of(score: int) -> Band:
    """The level ``score`` (0-100) falls in."""
    return next(band for band in BANDS if band.holds(score))


class Source(StrEnum):
    """Where an answer's score comes from."""

    LABEL = "label"
    ENGINE = "engine"


@dataclass(frozen=True)
class ScoredAnswer:
    """One answer with its score, where the score comes from and where the answer was read."""

    item_id: str
    question: str
    answer: str
    score: int
    source: Source
    question_id: str | None = None
    engine: str | None = None
    flags: tuple[str, ...] = ()
    line: int = 0

    @property
    def key(self) -> str:
        """What groups answers: the question id if given, else the exact question text."""
        return self.question_id or self.question

    @property
    def band(self) -> Band:
        """The answer's level."""
        return band_of(self.score)

    def describe(self) -> str:
        """``human label`` or ``judge score``, for the output's comments."""
        return "human label" if self.source is Source.LABEL else f"{self.engine or 'engine'} score"


@dataclass(frozen=True)
class QuestionAnchors:
    """The anchors chosen for one question, highest score first, and what was passed over."""

    key: str
    question: str
    question_id: str | None
    picks: tuple[ScoredAnswer, ...]
    levels: tuple[Band, ...]
    total: int
    skipped: Mapping[str, int] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """Anchors at two levels or more; one level teaches nothing."""
        return len(self.picks) >= 2

    @property
    def anchors(self) -> list[Anchor]:
        """The anchors as the domain model has them."""
        return [Anchor(answer=p.answer, score=p.score) for p in self.picks]

    def summary(self) -> str:
        """``7 answers, usable at 4 level(s); left out: 2 too short``."""
        text = f"{self.total} answers, usable at {len(self.levels)} level(s)"
        if self.skipped:
            text += "; left out: " + ", ".join(f"{n} {why}" for why, n in self.skipped.items())
        return text

    def warning(self) -> str:
        """Why no anchor is written for this question."""
        where = ", ".join(b.name for b in self.levels) or "none"
        why = (
            "anchors need answers at two levels or more"
            if len(self.levels) < 2
            else "the answers at different levels nearly repeat each other"
        )
        return (
            f"question {self.key!r}: usable answers at {len(self.levels)} level(s) ({where}); "
            f"no anchors written ({why})"
        )


# --- reading -----------------------------------------------------------------------------------


class _Flag(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str


class _EngineRecord(BaseModel):
    """A record of ``panelist score``: its id, the engine's score and flags."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    score: Score
    engine: str
    flags: list[_Flag] = Field(default_factory=list)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class _Answered:
    """A batch line with text: question, answer, and the person's label if it has one."""

    item_id: str
    question: str
    question_id: str | None
    answer: str
    label: int | None
    flags: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class ScoredFile:
    """The answers of a scored file, and the lines ``panelist score`` could not score."""

    answers: list[ScoredAnswer]
    failed_lines: list[int]


def _round(value: float) -> int:
    """Half up: 87.5 -> 88 (labels can be the mean of two ratings)."""
    return math.floor(value + 0.5)


def _label(data: dict[str, Any], where: str) -> int | None:
    """The 0-100 ``score`` a person gave, ``None`` when there is none."""
    value = data.get("score")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InputError(f"{where}: field score: expected a number from 0 to 100, got {value!r}")
    return _round(value)


def _flag_codes(value: Any) -> tuple[str, ...]:
    """Flag codes from ``[{"code": ...}]`` or ``["code"]``; anything else gives none."""
    if not isinstance(value, list):
        return ()
    codes = [v.get("code") if isinstance(v, dict) else v for v in value]
    return tuple(c for c in codes if isinstance(c, str))


def _json_object(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    return data


def _answered(path: Path, number: int, text: str, data: dict[str, Any]) -> _Answered:
    """A batch line with question and answer, or an error naming the file and line."""
    parsed = parse_line(text, number)
    if parsed.item is None:
        raise InputError(f"{path}, {parsed.error}")
    item = parsed.item
    return _Answered(
        item_id=item.id,
        question=item.question,
        question_id=item.question_id,
        answer=item.answer,
        label=_label(data, f"{path}, line {number}"),
        flags=_flag_codes(data.get("flags")),
        line=number,
    )


def _lines(path: Path) -> Iterable[tuple[int, str]]:
    """Non-blank lines of a JSONL file; an undecodable line is an error naming it."""
    for line in read_lines(path):
        if line.text is None:
            raise InputError(f"{path}, {line.error}")
        if line.text.strip():
            yield line.number, line.text


def read_answers(path: Path) -> dict[str, _Answered]:
    """The batch file given to ``panelist score``, by id (an id given twice is an error)."""
    out: dict[str, _Answered] = {}
    for number, text in _lines(path):
        where = f"{path}, line {number}"
        item = _answered(path, number, text, _json_object(text, where))
        if item.item_id in out:
            raise InputError(
                f"{where}: id {item.item_id!r} is also on line {out[item.item_id].line}; "
                "records could not be joined to one answer"
            )
        out[item.item_id] = item
    return out


def read_scored(path: Path, answers: Path | None = None) -> ScoredFile:
    """The scored answers of ``path``.

    A line is either a graded batch line (question, answer and a person's 0-100 ``score``) or
    a record of ``panelist score`` (it has ``engine``), whose answer and question come from
    the batch ``answers`` by id. A person's label in that batch wins over the engine's score.
    Error records of ``panelist score`` are counted in ``failed_lines``; any other unusable
    line is an :class:`InputError` naming the file and line.
    """
    batch = read_answers(answers) if answers is not None else None
    out: list[ScoredAnswer] = []
    failed: list[int] = []
    for number, text in _lines(path):
        where = f"{path}, line {number}"
        data = _json_object(text, where)
        if "error" in data and "score" not in data:
            failed.append(number)
        elif "engine" in data:
            out.append(_from_engine(path, number, data, batch, answers))
        else:
            item = _answered(path, number, text, data)
            if item.label is None:
                raise InputError(
                    f"{where}: no score: a graded answer needs the 0-100 'score' a person gave; "
                    "for answers scored by 'panelist score', give its output and the batch "
                    "it scored (--answers)"
                )
            out.append(_scored(item, item.label, Source.LABEL, None, item.flags, number))
    return ScoredFile(out, failed)


def _from_engine(
    path: Path,
    number: int,
    data: dict[str, Any],
    batch: Mapping[str, _Answered] | None,
    answers: Path | None,
) -> ScoredAnswer:
    """A ``panelist score`` record joined with its answer (and the person's label, if any).

    The text comes from the batch ``answers`` when given, else from the record itself when it
    carries ``question`` and ``answer``; its ``score`` is the engine's, never a label.
    """
    where = f"{path}, line {number}"
    try:
        record = _EngineRecord.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{where}: {describe_validation(exc)}") from None
    flags = tuple(f.code for f in record.flags)
    if batch is not None:
        item = batch.get(record.id)
        if item is None:
            raise InputError(f"{where}: id {record.id!r} is not in {answers}")
    elif "question" in data and "answer" in data:  # a record already joined with its text
        item = _answered(path, number, json.dumps(data), {})
    else:
        raise InputError(
            f"{where}: a 'panelist score' record has no answer text; give the batch it "
            "scored with --answers BATCH.jsonl to join them by id"
        )
    if item.label is not None:
        return _scored(item, item.label, Source.LABEL, None, flags, number)
    return _scored(item, record.score, Source.ENGINE, record.engine, flags, number)


def _scored(
    item: _Answered,
    score: int,
    source: Source,
    engine: str | None,
    flags: tuple[str, ...],
    line: int,
) -> ScoredAnswer:
    return ScoredAnswer(
        item_id=item.item_id,
        question=item.question,
        question_id=item.question_id,
        answer=item.answer,
        score=score,
        source=source,
        engine=engine,
        flags=flags,
        line=line,
    )


# --- choosing ----------------------------------------------------------------------------------


def _pairs(text: str) -> frozenset[tuple[str, ...]]:
    tokens = [w.lower() for w in words(text)]
    if len(tokens) < 2:
        return frozenset({tuple(tokens)})
    return frozenset(pairwise(tokens))


def near_duplicate(a: str, b: str) -> bool:
    """Whether two answers are nearly the same text (word-pair overlap, case aside)."""
    x, y = _pairs(a), _pairs(b)
    return len(x & y) / len(x | y) >= NEAR_DUPLICATE if x | y else True


def unfit(answer: ScoredAnswer, max_chars: int | None = MAX_ANSWER_CHARS) -> str | None:
    """Why ``answer`` cannot be an anchor (flagged by the guard, too long, too short), or None.

    Flags are those the record carries plus the guard's findings on the answer.
    """
    codes = set(answer.flags) | {f.code for f in check(answer.answer).findings}
    if codes & GUARD_CODES or not answer.answer.strip():
        return "flagged by the guard"
    if max_chars is not None and len(answer.answer) > max_chars:
        return "too long"
    if answer.band.level > 0 and len(words(answer.answer)) < MIN_WORDS:
        return "too short"
    return None


def _typicality(answer: ScoredAnswer) -> tuple[float, int, int, str, str]:
    """Sort key in a level: closest to its middle, a person's label first, then lower score,
    then the text and id (so that the order of the input lines does not matter)."""
    return (
        abs(answer.score - answer.band.centre),
        answer.source is not Source.LABEL,
        answer.score,
        answer.answer,
        answer.item_id,
    )


def spread(count: int, k: int) -> list[int]:
    """``k`` of ``count`` positions spread evenly, both ends included."""
    if count <= k:
        return list(range(count))
    return [math.floor(i * (count - 1) / (k - 1) + 0.5) for i in range(k)]


def _choose_one(
    key: str, answers: Sequence[ScoredAnswer], per_question: int, max_chars: int | None
) -> QuestionAnchors:
    skipped: dict[str, int] = {}
    fit: list[ScoredAnswer] = []
    for answer in answers:
        reason = unfit(answer, max_chars)
        if reason is None:
            fit.append(answer)
        else:
            skipped[reason] = skipped.get(reason, 0) + 1
    levels = tuple(b for b in BANDS if any(a.band == b for a in fit))
    picks: list[ScoredAnswer] = []
    for band in reversed(levels):  # from the top: an answer repeated lower down is left out
        for answer in sorted((a for a in fit if a.band == band), key=_typicality):
            if any(near_duplicate(answer.answer, p.answer) for p in picks):
                skipped["near-duplicate"] = skipped.get("near-duplicate", 0) + 1
                continue
            picks.append(answer)
            break
    picks.sort(key=lambda a: a.score)
    kept = [picks[i] for i in spread(len(picks), per_question)] if len(picks) >= 2 else []
    first = answers[0]
    return QuestionAnchors(
        key=key,
        question=first.question,
        question_id=first.question_id,
        picks=tuple(sorted(kept, key=lambda a: -a.score)),
        levels=levels,
        total=len(answers),
        skipped=dict(sorted(skipped.items())),
    )


def choose_anchors(
    answers: Iterable[ScoredAnswer],
    per_question: int = DEFAULT_PER_QUESTION,
    max_chars: int | None = MAX_ANSWER_CHARS,
) -> list[QuestionAnchors]:
    """For each question (in order of first appearance), up to ``per_question`` anchors.

    One per level, the answer closest to the level's middle, skipping one that nearly repeats
    an answer chosen at a higher level; with more levels than ``per_question``, levels spread
    evenly over the range, both ends kept. A question whose fit answers fall in fewer than two
    levels gets none (``usable`` is false).
    """
    if per_question < 2:
        raise InputError("anchors per question: at least 2 (anchors at one level teach nothing)")
    groups: dict[str, list[ScoredAnswer]] = {}
    for answer in answers:
        groups.setdefault(answer.key, []).append(answer)
    return [_choose_one(key, group, per_question, max_chars) for key, group in groups.items()]


# --- writing -----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks (``|``), when YAML allows it."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)
_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def _comment(text: str) -> str:
    """One line of text safe in a YAML comment."""
    return "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))


def _dump(data: Any, flow: bool = False) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=flow,
        width=88 if not flow else 2**31,
    )
    if yaml.load(text, Loader=yaml.SafeLoader) != data:
        raise PanelistError("internal error: anchors did not survive YAML; please report it")
    return text


def _anchor_lines(pick: ScoredAnswer, source_name: str) -> list[str]:
    """One anchor as block YAML at column 0, after a comment saying where its score is from."""
    where = f"id {pick.item_id} ({source_name} line {pick.line})"
    note = f"# {pick.band.label}: {pick.describe()}; {where}"
    body = _dump([{"answer": pick.answer, "score": pick.score}])
    return [_comment(note), *body.rstrip("\n").split("\n")]


def _indent(lines: Iterable[str], by: int) -> list[str]:
    return [(" " * by + line) if line else line for line in lines]


def _key(text: str) -> str:
    """``text:`` as a mapping key: plain for an id, else double-quoted (explicit when long)."""
    if _PLAIN_KEY.fullmatch(text) and yaml.safe_load(f"{text}: 1") == {text: 1}:
        return f"{text}:"
    quoted: str = yaml.dump(
        text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**31
    )
    quoted = quoted.rstrip("\n")
    return f"{quoted}:" if len(quoted) < 1000 else f"? {quoted}\n:"


def anchors_yaml(results: Sequence[QuestionAnchors], source_name: str) -> str:
    """The anchors as YAML: question id (or text) -> anchors list, one comment per anchor."""
    usable = [r for r in results if r.usable]
    lines = [
        f"# Anchors chosen by `panelist anchors` from {_comment(source_name)}: for each level, "
        "the answer",
        "# closest to its middle. Paste a question's list under its `anchors:`. Scores are the",
        "# person's label where there is one, else the engine's (each comment says which).",
    ]
    for result in usable:
        lines += ["", _key(result.key)]
        if result.question_id:
            lines.append(f"  # {_comment(result.question)}")
        lines.append(f"  # {result.summary()}")
        for pick in result.picks:
            lines += _indent(_anchor_lines(pick, source_name), 2)
    left = [r.key for r in results if not r.usable]
    if left:
        lines += [
            "",
            f"# No anchors (answers at fewer than two levels): {_comment(', '.join(left))}",
        ]
    if not usable:
        lines.append("{}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Merged:
    """An interview file's text with anchors added, and what could not be placed."""

    text: str
    added: dict[str, int]
    unmatched: list[str]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_questions(
    interview: Interview, results: Sequence[QuestionAnchors]
) -> tuple[dict[str, QuestionAnchors], list[str]]:
    """Interview question id -> its anchors, and the keys of those that match none.

    A match by id comes first; then by text (spacing and case aside), for a question not
    matched already.
    """
    ids = {item.question.id for item in interview.items}
    by_text: dict[str, list[str]] = {}
    for item in interview.items:
        by_text.setdefault(_normal(item.question.text), []).append(item.question.id)
    usable = [r for r in results if r.usable]
    matched = {r.question_id: r for r in usable if r.question_id in ids}
    unmatched: list[str] = []
    for result in usable:
        if result.question_id in matched and matched[result.question_id] is result:
            continue
        same_text = by_text.get(_normal(result.question), [])
        if len(same_text) == 1 and same_text[0] not in matched:
            matched[same_text[0]] = result
        else:
            unmatched.append(result.key)
    return matched, unmatched


def merge_into_interview(
    path: Path, results: Sequence[QuestionAnchors], source_name: str
) -> Merged:
    """The interview file ``path`` with the anchors added to its matching questions.

    Questions match by id, else by text (spacing and case aside). The new anchors come first,
    then those the question already had; a new one that nearly duplicates one of them is left
    out. YAML keeps its
    comments and layout (the anchors are inserted as text); JSON is written again, indented.
    """
    interview = load_interview(path)
    matched, unmatched = match_questions(interview, results)
    existing = {item.question.id: item.question.anchors for item in interview.items}
    new: dict[str, list[ScoredAnswer]] = {}
    for qid, result in matched.items():
        fresh = [
            p
            for p in result.picks
            if not any(near_duplicate(p.answer, a.answer) for a in existing[qid])
        ]
        if fresh:
            new[qid] = fresh
    text = read_text(path)
    if path.suffix.lower() == ".json":
        merged = _merge_json(text, new)
    else:
        merged = _merge_yaml(text, new, source_name)
    _check_merge(merged, path, existing, new)
    return Merged(merged, {qid: len(p) for qid, p in new.items()}, unmatched)


def _merge_json(text: str, new: Mapping[str, list[ScoredAnswer]]) -> str:
    data = json.loads(text)
    for question in data["questions"]:
        picks = new.get(str(question.get("id")), [])
        if picks:
            question["anchors"] = [
                *({"answer": p.answer, "score": p.score} for p in picks),
                *question.get("anchors", []),
            ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _merge_yaml(text: str, new: Mapping[str, list[ScoredAnswer]], source_name: str) -> str:
    """Insert each question's anchors as text, so comments and layout stay as they were."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    questions = next(v for k, v in root.value if k.value == "questions")
    inserts: list[tuple[int, str]] = []
    for node in questions.value:
        keys = {k.value: (k, v) for k, v in node.value}
        picks = new.get(keys["id"][1].value, [])
        if picks:
            inserts.append(_insertion(text, node, keys, picks, source_name))
    for index, snippet in sorted(inserts, reverse=True):
        text = text[:index] + snippet + text[index:]
    return text


def _insertion(
    text: str,
    node: yaml.MappingNode,
    keys: Mapping[str, tuple[yaml.Node, yaml.Node]],
    picks: Sequence[ScoredAnswer],
    source_name: str,
) -> tuple[int, str]:
    """Where and what to insert in one question's mapping node."""
    items = [{"answer": p.answer, "score": p.score} for p in picks]
    flow_items = _dump(items, flow=True).strip()[1:-1]
    if "anchors" in keys:
        sequence = keys["anchors"][1]
        assert isinstance(sequence, yaml.SequenceNode)
        if sequence.flow_style:  # anchors: [...]: add after the bracket
            after = ", " if sequence.value else ""
            return sequence.start_mark.index + 1, flow_items + after
        column = sequence.start_mark.column  # block items: add before the first one
        block = [line for p in picks for line in _anchor_lines(p, source_name)]
        return _line_start(text, sequence.start_mark.index), _lines_text(_indent(block, column))
    if node.flow_style:  # {id: ..., answer: ...}: add before the answer key
        return keys["answer"][0].start_mark.index, f"anchors: [{flow_items}], "
    firsts = [k for k, _ in node.value]
    before = keys["answer"][0] if keys["answer"][0] is not firsts[0] else firsts[1]
    column = before.start_mark.column
    block = ["anchors:", *_indent([ln for p in picks for ln in _anchor_lines(p, source_name)], 2)]
    return _line_start(text, before.start_mark.index), _lines_text(_indent(block, column))


def _lines_text(lines: Sequence[str]) -> str:
    return "\n".join(lines) + "\n"


def _check_merge(
    text: str,
    path: Path,
    existing: Mapping[str, list[Anchor]],
    new: Mapping[str, list[ScoredAnswer]],
) -> None:
    """Refuse to write a merged file that does not read back as intended."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=UniqueKeyLoader)
        got = {
            str(q["id"]): [Anchor.model_validate(a) for a in q.get("anchors") or []]
            for q in data["questions"]
        }
    except (ValueError, yaml.YAMLError, InputError, KeyError, TypeError) as exc:
        raise PanelistError(
            f"{path}: internal error adding anchors ({exc}); please report it"
        ) from None
    for qid, before in existing.items():
        added = [Anchor(answer=p.answer, score=p.score) for p in new.get(qid, [])]
        if got.get(qid) != [*added, *before]:
            raise PanelistError(f"{path}: internal error adding anchors to {qid}; please report it")


__all__ = [
    "BANDS",
    "DEFAULT_PER_QUESTION",
    "GUARD_CODES",
    "MIN_WORDS",
    "Band",
    "Merged",
    "QuestionAnchors",
    "ScoredAnswer",
    "ScoredFile",
    "Source",
    "anchors_yaml",
    "band_of",
    "choose_anchors",
    "match_questions",
    "merge_into_interview",
    "near_duplicate",
    "read_answers",
    "read_scored",
    "spread",
    "unfit",
]
