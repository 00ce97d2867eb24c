"""Same input, same output; who the candidate is does not change the score."""

from __future__ import annotations

import pytest

from panelist.engines.rubric import RubricEngine
from panelist.models import Interview
from tests.conftest import request_for

ANSWER = (
    "When {name} joined the on-call rotation at a logistics company, {pronoun} inherited a "
    "search service that paged about eighty times a month. {Pronoun} sat with the team lead to "
    "agree what 'working' meant for users, defined two SLIs, and replaced the CPU alerts with "
    "burn-rate alerts on those SLIs. {Pronoun} moved pod-restart notices into a daily digest. "
    "Pages dropped to about six a month, and the next partial outage was caught in minutes."
)
FIRST_PERSON = (
    "I joined the on-call rotation at a logistics company and inherited a search service that "
    "paged about eighty times a month. I sat with the team lead to agree what 'working' meant for "
    "users, defined two SLIs, and replaced the CPU alerts with burn-rate alerts on those SLIs. I "
    "moved pod-restart notices into a daily digest. Pages dropped to about six a month. I'm {name}."
)
PEOPLE = [
    ("Emily", "she"),
    ("Darnell", "he"),
    ("Wei", "they"),
    ("Oluwaseun", "she"),
    ("Santiago", "he"),
    ("Priya", "she"),
]


def test_identical_input_gives_identical_output(engine: RubricEngine, example: Interview) -> None:
    item = example.items[3]
    request = request_for(
        item.answer, item.question.text, job_description=example.job_description.text
    )
    first = engine.evaluate(request)
    again = RubricEngine().evaluate(request)
    assert first.model_dump() == again.model_dump()


@pytest.mark.parametrize("template", [ANSWER, FIRST_PERSON])
def test_names_and_pronouns_do_not_change_the_score(engine: RubricEngine, template: str) -> None:
    scores = {
        engine.evaluate(
            request_for(template.format(name=name, pronoun=pronoun, Pronoun=pronoun.capitalize()))
        ).score
        for name, pronoun in PEOPLE
    }
    assert len(scores) == 1, scores


def test_candidate_name_in_the_interview_is_not_used(
    engine: RubricEngine, example: Interview
) -> None:
    from panelist.api import evaluate_interview

    one = evaluate_interview(example.model_copy(update={"candidate": "Jamal Washington"}), engine)
    two = evaluate_interview(example.model_copy(update={"candidate": "Anna Kowalska"}), engine)
    assert [e.score for e in one.evaluations] == [e.score for e in two.evaluations]
