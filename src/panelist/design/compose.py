"""Choosing an interview's questions: which requirement each probes and which question asks it.

The plan is deterministic: the same job description, ``n`` and role give the same questions.

* **Mix.** Slots follow the cycle past, technical, situational, past (so 2:1:1 over every four
  questions; six questions are 3 past, 2 technical, 1 situational). A technical slot with no
  technical requirement left becomes a past-behaviour slot; a behavioural slot when only
  technical requirements are left unprobed becomes a technical one. Years-of-experience,
  track-record and credential lines (``Requirement.screen``) are never asked as technical
  questions.
* **Coverage.** Each slot takes the most important requirement (see
  :mod:`panelist.design.requirements`) not yet probed that suits it; a requirement is probed a
  second time only when every suitable one has been.
* **Questions.** Past and situational questions come from the bank, from a competency the
  requirement matches well (score at least ``MATCH_MIN``), preferring one not yet asked about,
  and within it the question closest in meaning to the requirement. Only when no requirement
  has such a competency left (e.g. a description listing tools only) does a weaker match from a
  requirement's top three competencies serve. Technical questions are built from the
  requirement itself; their reference points are placeholders for the recruiter
  (:data:`REFERENCE_PLACEHOLDER`), never invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from panelist.design.bank import BankQuestion, Competency, Kind, QuestionBank, load_bank
from panelist.design.match import MATCH_MIN, Match, match
from panelist.design.requirements import Requirement, ranked, title
from panelist.embeddings import get_embedder
from panelist.errors import InputError
from panelist.models import Question, QuestionType
from panelist.text import content_stems

DEFAULT_QUESTIONS = 6
MAX_QUESTIONS = 30
#: The order of question kinds, repeated.
CYCLE = (Kind.PAST, Kind.TECHNICAL, Kind.SITUATIONAL, Kind.PAST)
#: Reference point written for every technical question, for the recruiter to replace.
REFERENCE_PLACEHOLDER = "TODO: replace with a point a correct answer must cover (one per line)"
#: Questions whose content words overlap this much (Jaccard) count as the same question.
NEAR_DUPLICATE = 0.8
_VERBS = frozenset(
    """analyse analyze automate build collaborate configure create debug define deliver deploy
    design develop document follow handle identify implement improve integrate lead maintain
    manage migrate model monitor operate optimise optimize own package partner plan present
    run scale secure set support test tune write""".split()
)


@dataclass(frozen=True)
class PlannedQuestion:
    """A question of the interview, the requirement it probes and what a strong answer shows."""

    id: str
    kind: Kind
    text: str
    requirement: Requirement
    competency: Competency | None
    what_good_looks_like: tuple[str, ...]
    bank_id: str | None = None
    #: Reference points of a technical question; empty means "placeholders for the recruiter".
    reference_points: tuple[str, ...] = ()
    #: The model that wrote the question and its reference points (``--llm``), if one did.
    drafted_by: str | None = None

    @property
    def question_type(self) -> QuestionType:
        """``technical`` for technical questions, else ``behavioral``."""
        return QuestionType.TECHNICAL if self.kind is Kind.TECHNICAL else QuestionType.BEHAVIORAL

    def to_question(self) -> Question:
        """The question as the domain model has it; a technical one without reference points
        gets :data:`REFERENCE_PLACEHOLDER` (which ``panelist evaluate`` refuses until replaced)."""
        points = list(self.reference_points)
        if self.kind is Kind.TECHNICAL and not points:
            points = [REFERENCE_PLACEHOLDER]
        return Question(
            id=self.id,
            text=self.text,
            type=self.question_type,
            competency=self.competency_label,
            reference_points=points,
        )

    @property
    def competency_label(self) -> str:
        """``"<competency> — <requirement>"``, the ``competency`` field of the interview file."""
        name = self.competency.name if self.competency else "technical skill"
        return f"{name} — {self.requirement.text}"


@dataclass(frozen=True)
class InterviewPlan:
    """A composed interview: role, job description text and questions, in order."""

    role: str
    job_description: str
    questions: tuple[PlannedQuestion, ...]
    bank_version: int


def slot_kinds(n: int) -> list[Kind]:
    """The kinds of ``n`` questions before fallbacks: the :data:`CYCLE` repeated."""
    return [CYCLE[i % len(CYCLE)] for i in range(n)]


def technical_text(requirement: str) -> str:
    """A technical question built from a requirement's own words."""
    req = requirement.rstrip(" .;:")
    first, _, rest = req.partition(" ")
    if first.lower() in _VERBS and rest:
        lead = f"Walk me through how you would {first.lower()} {rest}"
    else:
        lead = f'The role asks for: "{req}". Walk me through how you would apply this in practice'
    return (
        f"{lead}. Cover the steps you would take, the tools or methods you would choose and why, "
        "and the main mistakes to avoid."
    )


def same_question(a: str, b: str) -> bool:
    """Whether two texts share so many content words (:data:`NEAR_DUPLICATE`) they ask the same."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return a.strip().lower() == b.strip().lower()
    return len(sa & sb) / len(sa | sb) >= NEAR_DUPLICATE


class _Planner:
    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches
        self.probed: list[str] = []
        self.used_bank: set[str] = set()
        self.used_competencies: set[str] = set()
        self.texts: list[str] = []

    def _fresh(self, text: str) -> bool:
        return not any(same_question(text, t) for t in self.texts)

    def _order(self, technical: bool) -> list[Match]:
        suited = [m for m in self.matches if m.technical is technical]
        new = [m for m in suited if m.requirement.text not in self.probed]
        return new + [m for m in suited if m.requirement.text in self.probed]

    def only_technical_left(self) -> bool:
        """Whether every requirement not yet probed is technical (so a behavioural slot would
        ask about a requirement again while a technical one was never asked about)."""
        fresh = [
            m
            for m in self.matches
            if m.requirement.text not in self.probed and not m.requirement.screen
        ]
        return bool(fresh) and all(m.technical for m in fresh)

    def technical(self, number: int) -> PlannedQuestion | None:
        for m in self._order(technical=True):
            text = technical_text(m.requirement.text)
            if m.requirement.screen or m.requirement.text in self.probed or not self._fresh(text):
                continue
            return self._take(
                PlannedQuestion(
                    f"Q{number}_TECHNICAL", Kind.TECHNICAL, text, m.requirement, None, ()
                )
            )
        return None

    def behavioural(self, number: int, kind: Kind) -> PlannedQuestion | None:
        either = self._order(technical=False) + self._order(technical=True)
        fresh = [m for m in either if m.requirement.text not in self.probed]
        candidates = fresh + [m for m in either if m.requirement.text in self.probed]
        for allow_repeat, floor in ((False, MATCH_MIN), (True, MATCH_MIN), (True, -1.0)):
            for m in candidates:
                for competency, score in m.competencies[:3]:
                    if score < floor or (
                        not allow_repeat and competency.id in self.used_competencies
                    ):
                        continue
                    for question in self._closest(m.requirement, competency.of_kind(kind)):
                        if question.id in self.used_bank or not self._fresh(question.text):
                            continue
                        return self._take(
                            PlannedQuestion(
                                f"Q{number}_{competency.id.upper()}",
                                kind,
                                question.text,
                                m.requirement,
                                competency,
                                question.what_good_looks_like,
                                question.id,
                            )
                        )
        return None

    def _closest(
        self, requirement: Requirement, questions: tuple[BankQuestion, ...]
    ) -> list[BankQuestion]:
        """``questions`` ordered by embedding similarity to the requirement (bank order on ties)."""
        vectors = get_embedder().encode([requirement.text, *(q.text for q in questions)])
        scores = vectors[1:] @ vectors[0]
        order = sorted(range(len(questions)), key=lambda i: (-round(float(scores[i]), 4), i))
        return [questions[i] for i in order]

    def _take(self, question: PlannedQuestion) -> PlannedQuestion:
        self.probed.append(question.requirement.text)
        self.texts.append(question.text)
        if question.bank_id:
            self.used_bank.add(question.bank_id)
        if question.competency:
            self.used_competencies.add(question.competency.id)
        return question


def plan_interview(
    job_description: str,
    n: int = DEFAULT_QUESTIONS,
    role: str | None = None,
    bank: QuestionBank | None = None,
) -> InterviewPlan:
    """Choose ``n`` questions for the job description (see the module documentation)."""
    if not 1 <= n <= MAX_QUESTIONS:
        raise InputError(f"number of questions must be between 1 and {MAX_QUESTIONS}, got {n}")
    job_description = job_description.replace("\r\n", "\n").replace("\r", "\n")
    if not job_description.strip():
        raise InputError("the job description is empty")
    role = (role or "").strip() or title(job_description)
    if not role:
        raise InputError("the job description has no title heading (# Title); give the role")
    requirements = ranked(job_description)
    if not requirements:
        raise InputError(
            "the job description has no requirements: write each one as a bullet line "
            "('- ...' or '1. ...')"
        )
    bank = bank or load_bank()
    planner = _Planner(match(requirements, bank))
    questions: list[PlannedQuestion] = []
    for kind in slot_kinds(n):
        number = len(questions) + 1
        question = None
        if kind is Kind.TECHNICAL or planner.only_technical_left():
            question = planner.technical(number)
        question = question or planner.behavioural(
            number, Kind.PAST if kind is Kind.TECHNICAL else kind
        )
        question = question or planner.behavioural(
            number, Kind.SITUATIONAL if kind is Kind.PAST else Kind.PAST
        )
        if question is None:
            raise InputError(
                f"only {len(questions)} different questions fit this job description's "
                f"{len(requirements)} requirements; ask for fewer"
            )
        questions.append(question)
    return InterviewPlan(role, job_description, tuple(questions), bank.version)
