"""Recruiter pages that make a job's question set: draft it from the job's description, import
interview YAML (pasted or a file), or write the questions one by one (the form grows a question
at a time, without script). A draft fills the write-the-questions form, to edit and save."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from panelist.api import check_placeholders
from panelist.design.compose import DEFAULT_QUESTIONS
from panelist.design.compose import MAX_QUESTIONS as MAX_DRAFTED
from panelist.errors import InputError
from panelist.loaders import describe_validation
from panelist.models import Question, QuestionType
from panelist.server.api.deps import SessionDep
from panelist.server.services import drafting, question_sets
from panelist.server.services.errors import owned
from panelist.server.tables import Job
from panelist.server.web.deps import RecruiterForm, RecruiterPage, Texts
from panelist.server.web.templating import templates, web_session

router = APIRouter()
MAX_QUESTIONS = 200


@dataclass
class Draft:
    """A question as typed into the form."""

    id: str = ""
    text: str = ""
    type: str = QuestionType.BEHAVIORAL.value
    competency: str = ""
    points: str = ""  # reference points, one a line
    requirement: str = ""  # for a drafted question: the job requirement it probes
    hints: str = ""  # for a drafted question: what a strong answer shows, one a line

    @property
    def hint_lines(self) -> list[str]:
        """The hints, one per line."""
        return [h.strip() for h in self.hints.splitlines() if h.strip()]

    @property
    def has_placeholder(self) -> bool:
        """Whether a reference point is still a ``TODO:`` line (saving refuses it)."""
        return any(p.strip().upper().startswith("TODO:") for p in self.points.splitlines())


@dataclass
class Builder:
    """The write-the-questions form: the set's name, its role and the questions so far."""

    name: str = ""
    role: str = ""
    drafts: list[Draft] = field(default_factory=lambda: [Draft()])


@dataclass
class DraftForm:
    """The draft-from-the-description form: how many questions, the role, and an error."""

    n: str = str(DEFAULT_QUESTIONS)
    role: str = ""
    error: str | None = None


class PlaceholderLeftError(InputError):
    """A question whose reference points still hold a ``TODO:`` line; ``position`` is its
    place in the form (from 1)."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position


def _page(
    request: Request,
    job: Job,
    *,
    builder: Builder | None = None,
    draft_form: DraftForm | None = None,
    drafted: bool = False,
    yaml_text: str = "",
    import_error: str | None = None,
    builder_error: str | None = None,
    error_at: int | None = None,
    draft_notes: tuple[str, ...] = (),
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "draft_notes": draft_notes,
        "job": job,
        "builder": builder or Builder(role=job.title),
        "draft_form": draft_form or DraftForm(role=job.title),
        "cannot_draft": drafting.cannot_draft(job),
        "max_drafted": MAX_DRAFTED,
        "drafted": drafted,
        "types": [t.value for t in QuestionType],
        "yaml_text": yaml_text,
        "import_error": import_error,
        "builder_error": builder_error,
        "error_at": error_at,
    }
    return templates.TemplateResponse(request, "question_set_new.html", context, status)


def _done(request: Request, job: Job, count: int, warnings: list[str]) -> RedirectResponse:
    session = web_session(request)
    session.flash(f"Question set added: {count} questions.")
    for warning in warnings:
        session.flash(f"Note: {warning}.")
    return RedirectResponse(f"/jobs/{job.id}", 303)


@router.get("/jobs/{job_id}/question-sets/new")
def new_question_set(
    job_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """Import interview YAML or write the questions."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    return _page(request, job)


@router.post("/jobs/{job_id}/question-sets/draft")
def draft_question_set(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    n: Annotated[str, Form()] = str(DEFAULT_QUESTIONS),
    role: Annotated[str, Form()] = "",
) -> Response:
    """Draft questions from the job's description into the write-the-questions form."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    form = DraftForm(n.strip(), role.strip())
    try:
        count = int(form.n)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_DRAFTED:
        form.error = f"Give a number of questions between 1 and {MAX_DRAFTED}."
        return _page(request, job, draft_form=form, status=422)
    try:
        drafted = drafting.draft_for(job, count, form.role or None, request.app.state.settings)
    except InputError as exc:
        form.error = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return _page(request, job, draft_form=form, status=422)
    drafts = [
        Draft(
            d.question.id,
            d.question.text,
            d.question.type.value,
            d.question.competency or "",
            "\n".join(d.question.reference_points),
            d.requirement,
            "\n".join(_hints(d)),
        )
        for d in drafted.questions
    ]
    builder = Builder(drafted.name, drafted.role, drafts)
    return _page(
        request,
        job,
        builder=builder,
        draft_form=form,
        drafted=True,
        draft_notes=drafted.problems,
    )


def _hints(d: drafting.DraftedQuestion) -> tuple[str, ...]:
    if d.drafted_by:
        return (f"Question and points drafted by the model {d.drafted_by}: check them.",)
    return d.what_good_looks_like


@router.post("/jobs/{job_id}/question-sets/import")
def import_question_set(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    yaml_text: Annotated[str, Form()] = "",
    yaml_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A question set from the uploaded file, else from the pasted text."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    text = yaml_text
    if yaml_file is not None:
        try:
            text = yaml_file.file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page(request, job, import_error="The file is not UTF-8 text.", status=422)
    if not text.strip():
        error = "Paste the interview YAML or choose a file."
        return _page(request, job, yaml_text=yaml_text, import_error=error, status=422)
    try:
        qset, warnings = question_sets.import_yaml(session, job, text)
    except InputError as exc:
        session.rollback()
        return _page(request, job, yaml_text=text, import_error=str(exc), status=422)
    count = len(question_sets.questions(session, qset.id))
    return _done(request, job, count, warnings)


def _drafts(fields: dict[str, list[str]]) -> list[Draft]:
    """The questions of the form, from its parallel lists of fields (one entry per question)."""

    def at(name: str, n: int, default: str = "") -> str:
        values = fields[name]
        return values[n] if n < len(values) else default

    return [
        Draft(
            at("id", n).strip(),
            at("text", n),
            at("type", n, "behavioral"),
            at("competency", n).strip(),
            at("points", n),
            at("requirement", n),
            at("hints", n),
        )
        for n in range(len(fields["text"]))
    ]


def _questions(drafts: list[Draft]) -> list[Question]:
    """The written questions (blank ones skipped); ids default to Q1, Q2, ...

    Refuses a reference point left as a ``TODO:`` placeholder (from a draft), naming the
    question by its place in the form and its id.
    """
    out: list[Question] = []
    left: list[tuple[int, str]] = []
    for position, draft in enumerate(drafts, start=1):
        if not draft.text.strip():
            continue
        try:
            question = Question(
                id=draft.id or f"Q{len(out) + 1}",
                text=draft.text.strip(),
                type=QuestionType(draft.type),
                competency=draft.competency or None,
                reference_points=[p.strip() for p in draft.points.splitlines() if p.strip()],
            )
        except (ValueError, ValidationError) as exc:
            reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
            raise InputError(f"question {position}: {reason}") from None
        try:
            check_placeholders(question)
        except InputError:
            left.append((position, question.id))
        out.append(question)
    if left:
        named = " and ".join(f"{n} ({qid})" for n, qid in left)
        raise PlaceholderLeftError(
            left[0][0],
            f"question{'s' if len(left) > 1 else ''} {named} still "
            f"ha{'ve' if len(left) > 1 else 's'} the TODO line in “What a good answer covers”: "
            "replace it with what a correct answer must cover, one point a line, or remove it",
        )
    return out


@router.post("/jobs/{job_id}/question-sets/new")
def write_question_set(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    action: Annotated[str, Form()] = "create",
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    q_id: Texts = None,
    q_text: Texts = None,
    q_type: Texts = None,
    q_competency: Texts = None,
    q_points: Texts = None,
    q_requirement: Texts = None,
    q_hints: Texts = None,
) -> Response:
    """Add a blank question to the form (``action=add``), or create the set."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    fields = {
        "id": q_id,
        "text": q_text,
        "type": q_type,
        "competency": q_competency,
        "points": q_points,
        "requirement": q_requirement,
        "hints": q_hints,
    }
    drafts = _drafts({k: v or [] for k, v in fields.items()})
    builder = Builder(name.strip(), role.strip() or job.title, drafts or [Draft()])
    if action == "add":
        if len(builder.drafts) < MAX_QUESTIONS:
            builder.drafts.append(Draft())
        return _page(request, job, builder=builder)
    try:
        questions = _questions(builder.drafts)
        if not questions:
            raise InputError("write at least one question")
        if len(questions) > MAX_QUESTIONS:
            raise InputError(f"at most {MAX_QUESTIONS} questions")
        label = builder.name or f"{job.title} questions"
        question_sets.create(session, job, label[:300], builder.role[:300], questions)
    except InputError as exc:
        session.rollback()
        at = exc.position if isinstance(exc, PlaceholderLeftError) else None
        return _page(request, job, builder=builder, builder_error=str(exc), error_at=at, status=422)
    return _done(request, job, len(questions), [])
