"""What an answer says without answering: courtesies, repeats, the job description's words."""

from __future__ import annotations

import pytest

from panelist.copying import claimed, copied, courtesies, repeated
from panelist.text import sentences

JD = (
    "# Site Reliability Engineer\n\nRequirements:\n"
    "- Experience running Kubernetes in production, including probes and resource limits.\n"
    "- Proficiency in a scripting language such as Python, Go or Bash.\n"
    "- Incident management experience and the ability to communicate clearly under pressure.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "Hello.",
        "Hi, my name is Ana Lima.",
        "Hi, I'm John Smith.",
        "Thank you for the question!",
        "Good morning.",
        "Sure.",
        "Here is my answer.",
        # a candidate taking a moment: "Let me think." before a good answer added 15 points
        "Let me think.",
        "Let me think about that for a second.",
        "Tough question.",
        "Well, let me think.",
    ],
)
def test_a_greeting_thanks_or_introduction_is_a_courtesy(text: str) -> None:
    assert courtesies(sentences(f"{text} I rolled the release back.")) == [0]


@pytest.mark.parametrize(
    "text",
    [
        "I am a nurse on a busy ward.",
        "My name is on every change I approve, so I check them myself.",
        "Thank you notes from the team meant a lot, but the fix mattered more.",
        "Thanks for the question I led a team of five people through the migration.",
        "Hi, my name is Sam and I code.",
        "I'm a nurse on a busy ward.",
        "Let me think how the rollback worked: I reverted the flag first.",
        "That was a tough one for the whole team, so I split the work.",
    ],
)
def test_a_sentence_that_says_something_is_not_a_courtesy(text: str) -> None:
    assert courtesies(sentences(text)) == []


ONCE = (
    "I checked the dashboards first and saw the error rate jump after the deploy. "
    "Then I rolled the release back within ten minutes and wrote the incident review."
)


@pytest.mark.parametrize(
    "twice",
    [
        f"{ONCE}\n\n{ONCE}",
        f"{ONCE}{ONCE}",  # no space between the copies
        f"{ONCE} {ONCE}".replace(".", "").lower(),  # a transcript, cut by the boundary model
        f"{ONCE} To repeat, {ONCE.replace('Then I', 'Then, quickly, I')}",
        # a word put in every sentence, "To repeat," in front of each
        f"{ONCE} "
        + " ".join(
            f"To repeat, {s.replace(' the ', ' really the ', 1)}." for s in ONCE.split(". ")
        ),
    ],
    ids=["pasted", "no-space", "transcript", "edited", "words-put-in"],
)
def test_an_answer_pasted_twice_repeats_itself(twice: str) -> None:
    sents = sentences(twice)
    again = repeated(sents)
    assert again and all(i > 0 for i in again)
    said = " ".join(sents[i].text for i in range(len(sents)) if i not in again)
    # a sentence that joins the copies (a transcript) keeps its first half, said there first
    assert len(said.split()) <= 1.5 * len(ONCE.split())


def test_an_answer_pasted_twice_with_no_space_is_read_once() -> None:
    """The stop between the copies ends a sentence: each copy's sentences stand apart, and the
    second copy is all said again."""
    sents = sentences(f"{ONCE}{ONCE}")
    again = repeated(sents)
    assert [s.text for i, s in enumerate(sents) if i not in again] == [
        s.text for s in sentences(ONCE)
    ]


def test_code_named_twice_is_not_a_repeat() -> None:
    """A stop inside code ("time.Sleep") is no sentence end, so the words after it are not a
    sentence said again."""
    answer = (
        "The retry loop called time.Sleep with a fixed delay. The poller also called "
        "time.Sleep with a fixed delay, so I fixed that the same way."
    )
    assert repeated(sentences(answer)) == []


def test_a_short_sentence_said_again_with_a_word_put_in_is_a_repeat() -> None:
    answer = (
        f"The hardest part was the timeline. {ONCE} To repeat, the hardest part was the timeline."
    )
    assert repeated(sentences(answer)) == [3]


@pytest.mark.parametrize(
    "answer",
    [
        "We tested it again. It failed. We tested it again. It passed in the end.",
        "So, yeah. I rolled the release back and wrote the review. So, yeah.",  # fillers
        # a short sentence that shares a phrase with an earlier one
        "I introduced a sepsis screening tool at handover and trained the night nurses. I "
        "audited twenty charts a week. The sepsis screening tool worked.",
        # sentences built alike, not said again
        "In worst-case analysis, the assembly tolerance is the sum of the part tolerances. In "
        "root-sum-square analysis, the assembly tolerance is the square root of the sum of "
        "the squares of the part tolerances.",
    ],
)
def test_a_short_or_parallel_sentence_is_not_a_repeat(answer: str) -> None:
    assert repeated(sentences(answer)) == []


def test_lines_of_the_job_description_are_copied_text() -> None:
    answer = (
        "I once led an outage review for our payments team. "
        "Incident management experience and the ability to communicate clearly under pressure."
    )
    assert copied(sentences(answer), [JD]) == [1]


def test_a_list_of_the_job_descriptions_words_is_copied_text() -> None:
    answer = (
        "I fixed the probes. Kubernetes, Python, Go, Bash, incident, management, pressure, "
        "production, limits."
    )
    assert copied(sentences(answer), [JD]) == [1]


def test_a_short_list_of_the_jobs_tools_is_an_answer() -> None:
    """To "Which tools have you used?", a list is the answer."""
    assert copied(sentences("Tools: Kubernetes, Python, Go and Bash."), [JD]) == []


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


def test_lines_of_the_job_description_with_words_put_in_or_left_out_are_copied_text() -> None:
    put_in = (
        "Incident management I experience and the ability I to communicate clearly I under "
        "pressure. Proficiency in I a scripting language such I as Python, Go or Bash."
    )
    left_out = (
        "I have incident experience and the ability to communicate under pressure. I have "
        "proficiency in scripting language such as Python, Go or Bash."
    )
    for answer in (put_in, left_out):
        assert copied(sentences(f"I once led an outage review. {answer}"), [JD]) == [1, 2], answer


def test_one_sentence_in_the_jobs_words_and_order_is_read() -> None:
    """A candidate may name the job's tools in the description's order once."""
    answer = (
        "I ran Kubernetes in production, including probes and resource limits, for two years. "
        "I paged the team when the payments queue backed up."
    )
    assert copied(sentences(answer), [JD]) == []


def test_keywords_claimed_one_by_one_are_claims() -> None:
    answer = (
        "I once led an outage review. I have experience in Kubernetes. I have experience in "
        "Python. I am skilled in Bash. I know incident management."
    )
    assert claimed(sentences(answer), [JD]) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "answer",
    [
        # two claims are not a list of them
        "I have experience in Kubernetes. I know Python. I fixed the probes myself.",
        # claims of what the job does not ask for
        "I have experience in Excel. I know Tableau. I am skilled in Figma.",
        # the candidate's own account, in short sentences of the job's words
        "I used Kubernetes. I ran probes in production. I wrote Python. I used Bash.",
        # who the candidate is, what a tool is used for
        "I am a registered nurse. I work in acute general medicine. I work night shifts.",
        "I use Kubernetes for production. I use Python for scripting. I use Bash for limits.",
    ],
)
def test_a_few_claims_or_short_sentences_of_work_are_not_claims(answer: str) -> None:
    assert claimed(sentences(answer), [JD]) == []
