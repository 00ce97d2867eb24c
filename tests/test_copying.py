"""What an answer says without answering: courtesies, repeats, the job description's words."""

from __future__ import annotations

import pytest

from panelist.copying import copied, courtesies, repeated
from panelist.text import sentences

JD = (
    "# Site Reliability Engineer\n\nRequirements:\n"
    "- Experience running Kubernetes in production, including probes and resource limits.\n"
    "- Proficiency in a scripting language such as Python, Go or Bash.\n"
    "- Incident management experience and the ability to communicate clearly under pressure.\n"
)


@pytest.mark.parametrize(
    "text",
    ["Hello.", "Hi, my name is Ana Lima.", "Thank you for the question!", "Good morning.", "Sure."],
)
def test_a_greeting_thanks_or_introduction_is_a_courtesy(text: str) -> None:
    assert courtesies(sentences(f"{text} I rolled the release back.")) == [0]


@pytest.mark.parametrize(
    "text",
    [
        "I am a nurse on a busy ward.",
        "My name is on every change I approve, so I check them myself.",
        "Thank you notes from the team meant a lot, but the fix mattered more.",
    ],
)
def test_a_sentence_that_says_something_is_not_a_courtesy(text: str) -> None:
    assert courtesies(sentences(text)) == []


def test_a_sentence_said_again_is_a_repeat_whatever_its_case_and_punctuation() -> None:
    answer = "I rolled the release back. It worked. i rolled the release back! It worked."
    assert repeated(sentences(answer)) == [2]  # "It worked." is too short to count


def test_an_answer_pasted_twice_repeats_its_every_sentence() -> None:
    once = "I checked the dashboards first. Then I rolled the release back within ten minutes."
    assert repeated(sentences(f"{once}\n\n{once}")) == [2, 3]


def test_lines_of_the_job_description_are_copied_text() -> None:
    answer = (
        "I once led an outage review for our payments team. "
        "Incident management experience and the ability to communicate clearly under pressure."
    )
    assert copied(sentences(answer), [JD]) == [1]


def test_a_list_of_the_job_descriptions_words_is_copied_text() -> None:
    answer = "I fixed the probes. Kubernetes, Python, Go, Bash, incident, management, pressure."
    assert copied(sentences(answer), [JD]) == [1]


@pytest.mark.parametrize(
    "answer",
    [
        # the job's tools named in the candidate's own account
        "I used Python, Go, Bash, Kubernetes and probes to fix it.",
        # the job's words in a sentence of the candidate's own
        "We ran Kubernetes in production, and I tuned the probes and resource limits myself.",
    ],
)
def test_the_jobs_words_in_the_candidates_own_sentence_are_not_copied(answer: str) -> None:
    assert copied(sentences(answer), [JD]) == []


def test_nothing_is_copied_from_an_empty_job_description() -> None:
    assert copied(sentences("Kubernetes, Python, Go, Bash, incident, pressure."), [""]) == []
