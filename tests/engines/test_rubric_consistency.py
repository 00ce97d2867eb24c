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


PAST = (
    "At a payments startup I owned the nightly Airflow pipeline that fed the finance team's "
    "revenue dashboard. It failed about twice a week because an upstream export arrived late. "
    "I traced the failures in the task logs and found that 80% came from one sensor timing out. "
    "I replaced the fixed schedule with a data-availability sensor and added row-count checks. "
    "I also wrote a runbook and walked the two analysts through it. Over the next quarter "
    "failures dropped from eight a month to one."
)
PRESENT_NON_NATIVE = (
    "In payments startup I am owner of the nightly Airflow pipeline which feed the finance team "
    "revenue dashboard. It fail about two times in a week because upstream export arrive late. "
    "I trace the failures in the task logs and I find that 80% is coming from one sensor which "
    "time out. I replace the fixed schedule with a data-availability sensor and I add row-count "
    "checks. Also I write a runbook and I walk the two analysts through it. In next quarter the "
    "failures drop from eight in a month to one."
)
QUESTION = "Tell me about a time you made a data pipeline more reliable. What did you change?"


def test_telling_the_story_in_the_present_tense_costs_little(engine: RubricEngine) -> None:
    past = engine.evaluate(request_for(PAST, QUESTION))
    present = engine.evaluate(request_for(PRESENT_NON_NATIVE, QUESTION))
    assert past.score >= 70
    assert abs(past.score - present.score) <= 8
    assert "actions" in {p.kind for p in present.strengths}


def test_a_present_tense_list_of_duties_is_not_a_story(engine: RubricEngine) -> None:
    duties = (
        "In my current job I own 40 Airflow pipelines and 12 dashboards. I use Spark and dbt "
        "every day. I review about 30 pull requests a week. I attend the stand-up. I support the "
        "analysts. I monitor the Datadog dashboards."
    )
    story = engine.evaluate(request_for(PAST, QUESTION))
    claims = engine.evaluate(request_for(duties, QUESTION))
    assert claims.score <= story.score - 25
