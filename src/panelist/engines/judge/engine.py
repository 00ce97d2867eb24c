"""The default engine: a judge trained on expert-rated answers, with rules in front of it."""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ClassVar

import numpy as np

from panelist.copying import CLAIMED, COPIED, REPEATED, UNREAD, claimed, copied
from panelist.engines.base import Engine, EngineOptions, EvaluationRequest
from panelist.engines.judge.feedback import Writer
from panelist.engines.judge.rounds import LOWER_BY, Alone, first_answer, opens_a_hold
from panelist.engines.judge.wording import get_wording
from panelist.errors import PanelistError
from panelist.guard import INSTRUCTION_CAP, Finding, Guard, check
from panelist.judge.inputs import JudgeInput, build_input
from panelist.judge.model import RULED_STYLES, Judge, Unit, get_judge
from panelist.judge.relevance import unrelated
from panelist.judge.restated import restated
from panelist.models import Evaluation

#: Answers whose texts are encoded together in ``evaluate_many``.
PREFETCH = 64
#: Times the restatement check runs on one answer (again only on what comes into view).
RESTATED_ROUNDS = 3
_Pending = tuple[EvaluationRequest, Guard, JudgeInput]

#: Highest score when a rule decides: the answer cannot be judged on its merits.
RULE_CAPS = {
    "grader_instruction": INSTRUCTION_CAP,
    "non_answer": 8,
    "gibberish": 5,
    "word_salad": 5,
    "unsupported_language": 10,
    "unrelated": 25,
}


def read_guard(request: EvaluationRequest) -> Guard:
    """The rules' findings on an answer, with what the judge engine adds: sentences said again
    (``repeated``), text copied from the job description (``copied_text``; a question said
    back is the judge's to read: its ``restates_question`` style) and its keywords claimed one
    by one (``keyword_claims``).
    """
    guard = check(request.answer)
    skip = {*guard.instruction, *guard.repeated, *guard.courtesy}
    sources = [request.job_description.text]
    taken = copied(guard.sentences, sources, skip)
    claims = claimed(guard.sentences, sources, skip | set(taken))
    found = ((REPEATED, list(guard.repeated)), (COPIED, taken), (CLAIMED, claims))
    extra = [Finding(code, sentences) for code, sentences in found if sentences]
    if not extra:
        return guard
    return dataclasses.replace(guard, findings=guard.findings + tuple(extra))


def with_repeated(guard: Guard, sentences: Iterable[int]) -> Guard:
    """``guard`` with ``sentences`` added to its ``repeated`` finding (made, last, if missing)."""
    found = [f for f in guard.findings if f.code == REPEATED]
    said = Finding(REPEATED, sorted({*sentences, *(i for f in found for i in f.sentences)}))
    if not found:
        return dataclasses.replace(guard, findings=(*guard.findings, said))
    findings = tuple(
        said if f is found[0] else f for f in guard.findings if f.code != REPEATED or f is found[0]
    )
    return dataclasses.replace(guard, findings=findings)


def unread(guard: Guard) -> set[int]:
    """The sentences the judge does not read: addressed to the grader, said again, copied,
    or a courtesy."""
    out = set(guard.instruction) | set(guard.courtesy)
    for f in guard.findings:
        if f.code in UNREAD:
            out |= set(f.sentences)
    return out


def unconfirmed_styles(guard: Guard) -> tuple[str, ...]:
    """The :data:`RULED_STYLES` whose finding the guard did not make: left out of the score."""
    return tuple(style for style, code in RULED_STYLES.items() if not guard.has(code))


class JudgeEngine(Engine):
    """Scores with the learned judge; rules catch grader instructions and unreadable answers."""

    name: ClassVar[str] = "judge"
    version: ClassVar[str] = "1.12"
    description: ClassVar[str] = (
        "Offline learned judge (MiniLM layers + a head trained on 1,900 rated answers); default."
    )
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "deterministic", "evidence"})

    def __init__(self, options: EngineOptions | None = None, judge: Judge | None = None) -> None:
        super().__init__(options)
        self._judge = judge

    @property
    def judge(self) -> Judge:
        """The trained model, loaded on first use."""
        if self._judge is None:
            self._judge = get_judge()
        return self._judge

    @property
    def full_version(self) -> str:
        """Engine, model and wording versions: what determines an evaluation."""
        return f"{self.version}+model{self.judge.version}.wording{get_wording().version}"

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer."""
        guard = read_guard(request)
        return self._judge_read(request, guard, build_input(request, unread(guard)))

    def evaluate_many(
        self, requests: Iterable[EvaluationRequest], workers: int | None = None
    ) -> Iterator[Evaluation | PanelistError]:
        """Judge answers in order, encoding the texts of ``PREFETCH`` answers at a time.

        The texts of many answers are encoded at once, spread over the encoder's threads (a
        text's token states do not depend on which texts are encoded with it). The next answers
        are encoded in a second thread while these are read (features, head, feedback run on
        one core), so both cores stay busy.
        """
        chunks = self._chunks(requests)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="panelist-encode") as pool:
            ready: tuple[list[_Pending], Future[dict[str, Unit]]] | None = None
            while True:
                try:
                    chunk = next(chunks, None)
                except Exception:
                    if ready is not None:  # what was read before the failure comes out first
                        yield from self._judge_all(*ready)
                    raise
                if chunk is None:
                    break
                encoded = pool.submit(self._encode, chunk)
                if ready is not None:
                    yield from self._judge_all(*ready)
                ready = (chunk, encoded)
            if ready is not None:
                yield from self._judge_all(*ready)

    @staticmethod
    def _chunks(requests: Iterable[EvaluationRequest]) -> Iterator[list[_Pending]]:
        """The requests, checked and read as judge inputs, ``PREFETCH`` at a time."""
        pending: list[_Pending] = []
        for request in requests:
            guard = read_guard(request)
            pending.append((request, guard, build_input(request, unread(guard))))
            if len(pending) == PREFETCH:
                yield pending
                pending = []
        if pending:
            yield pending

    def _units(self, texts: list[str], known: Mapping[str, Unit] | None) -> Mapping[str, Unit]:
        """The units of ``texts``: those ``known`` when it has them all, else computed."""
        if known is not None and all(t in known for t in texts):
            return known
        return dict(zip(texts, self.judge.prepare(texts), strict=True))

    def _unrelated(self, item: JudgeInput, known: Mapping[str, Unit] | None) -> bool:
        """Whether the answer is about neither its question nor its job
        (:func:`panelist.judge.relevance.unrelated`)."""
        units = self._units(list(dict.fromkeys(item.texts)), known)
        answer = np.concatenate([units[p.text].tokens for p in item.pieces]).astype(np.float32)
        requirements = [(t, units[t].tokens) for t in dict.fromkeys(item.requirements)]
        question = (item.question, units[item.question].tokens)
        return unrelated(item.words, question, requirements, answer)

    def _restated(
        self, guard: Guard, item: JudgeInput, known: Mapping[str, Unit] | None
    ) -> list[int]:
        """The sentences that say earlier ones again in other words
        (:func:`panelist.judge.restated.restated`), by index in ``guard.sentences``: a
        sentence cut into pieces when all its pieces do."""
        if len(item.pieces) < 4:
            return []
        texts = [p.text for p in item.pieces]
        units = self._units(texts, known)
        spans = {(s.start, s.end): i for i, s in enumerate(guard.sentences)}
        groups = [spans[p.start, p.end] for p in item.pieces]
        tokens = [units[t].tokens for t in texts]
        found = restated([p.said for p in item.pieces], tokens, groups)
        pieces_of = Counter(groups)
        said = Counter(groups[k] for k in found)
        return sorted(s for s, n in said.items() if n == pieces_of[s])

    def _read_once(
        self,
        request: EvaluationRequest,
        guard: Guard,
        item: JudgeInput,
        known: Mapping[str, Unit] | None,
    ) -> tuple[Guard, JudgeInput]:
        """The guard and input without the sentences said again in other words; again on what
        comes into view when an answer cut at ``MAX_PIECES`` loses pieces (a second
        restatement further on)."""
        seen = 0  # sentences before this one were checked in an earlier round
        for _ in range(RESTATED_ROUNDS):
            said_again = [i for i in self._restated(guard, item, known) if i >= seen]
            if not said_again:
                break
            cut = item.truncated
            seen = bisect.bisect_right([s.start for s in guard.sentences], item.pieces[-1].start)
            guard = with_repeated(guard, said_again)
            item = build_input(request, unread(guard))
            if not cut:  # nothing new has come into view
                break
        return guard, item

    def _encode(self, pending: list[_Pending]) -> dict[str, Unit]:
        """The judge's units of every text of these answers."""
        texts = [t for _, _, item in pending for t in item.texts]
        return dict(zip(texts, self.judge.prepare(texts), strict=True))

    def _judge_all(
        self, pending: list[_Pending], encoded: Future[dict[str, Unit]]
    ) -> Iterator[Evaluation | PanelistError]:
        known = encoded.result()
        for request, guard, item in pending:
            try:
                yield self._judge_read(request, guard, item, known)
            except PanelistError as exc:
                yield exc

    def _first_alone(self, request: EvaluationRequest, whole: int, read: Writer) -> Alone | None:
        """In a second round, how the first answer alone compares with the whole exchange
        (scored ``whole``, its feedback written by ``read``; :mod:`panelist.engines.judge.rounds`):
        ``held`` to its score when the replies fill none of its gaps (:func:`opens_a_hold`) and
        the exchange would score more, ``lower`` when the exchange scores :data:`LOWER_BY`
        points or more below it; else (or for one answer) ``None``."""
        alone = first_answer(request)
        if alone is None:
            return None
        guard = read_guard(alone)
        first, first_read = self._read(alone, guard, build_input(alone, unread(guard)))
        if first >= whole + LOWER_BY:
            return Alone("lower", first)
        if first >= whole or not opens_a_hold(
            first_read.out, first_read.missed, read.out, read.missed
        ):
            return None
        return Alone("held", first)

    def _read(
        self,
        request: EvaluationRequest,
        guard: Guard,
        item: JudgeInput,
        known: Mapping[str, Unit] | None = None,
    ) -> tuple[int, Writer]:
        """The score of one answer (rules applied), and the writer of its feedback, written."""
        left_out = unconfirmed_styles(guard)
        guard, item = self._read_once(request, guard, item, known)
        prediction = self.judge.predict(item, known, left_out) if item.pieces else None
        if prediction is not None and self._unrelated(item, known):
            shown = [i for i in range(len(guard.sentences)) if i not in unread(guard)][:2]
            guard = dataclasses.replace(
                guard, findings=(*guard.findings, Finding("unrelated", shown))
            )
        score = prediction.score if prediction else 0.0
        for finding in guard.findings:
            if finding.code not in UNREAD:  # their sentences are simply not read
                score = min(score, RULE_CAPS[finding.code])
        final = round(max(0.0, min(100.0, score)))
        read = Writer(get_wording(), request, item, prediction, guard)
        read.write(final)
        return final, read

    def _judge_read(
        self,
        request: EvaluationRequest,
        guard: Guard,
        item: JudgeInput,
        known: Mapping[str, Unit] | None = None,
    ) -> Evaluation:
        final, read = self._read(request, guard, item, known)
        feedback = read.out
        # a score a rule sets (text addressed to the grader caps it) is not the replies' to move
        ruled = any(f.code not in UNREAD for f in read.guard.findings)
        alone = None if ruled else self._first_alone(request, final, read)
        if alone is not None:
            final = alone.score if alone.kind == "held" else final
            feedback = read.again(final, alone)
        return Evaluation(
            question_id=request.question.id,
            score=final,
            strengths=feedback.strengths,
            weaknesses=feedback.weaknesses,
            improvement_tips=feedback.tips,
            justification=feedback.justification,
            flags=feedback.flags,
            engine=self.name,
            engine_version=self.full_version,
        )
