"""Durations read from text, and when two texts disagree on one."""

from __future__ import annotations

import pytest

from panelist.quantities import conflicting_durations, durations


def test_durations_are_read_in_minutes() -> None:
    text = "about 43 minutes, 1,440 mins, 8.7 hours, 2 hrs, 90 secs, a 1.5-hour call, 30 days"
    assert durations(text) == pytest.approx([43, 1440, 522, 120, 1.5, 90, 43200])


@pytest.mark.parametrize(
    ("answer", "conflict"),
    [
        ("That is about 8.7 hours of downtime a month.", True),
        ("That is roughly 43.2 minutes over the 30 days.", False),
        ("That is about 0.72 hours a month.", False),
        ("That is well under an hour a month.", False),  # no figure, nothing to compare
    ],
)
def test_a_stated_duration_must_agree_with_the_reference(answer: str, conflict: bool) -> None:
    reference = "99.9% over 30 days allows about 43 minutes of full unavailability."
    assert conflicting_durations(reference, answer) is conflict


def test_a_reference_without_durations_is_never_contradicted_by_one() -> None:
    assert not conflicting_durations("The error budget is 100% minus the SLO.", "It took 3 hours.")


def test_durations_given_in_the_question_are_context_not_facts() -> None:
    reference = "99.95% over 30 days allows about 21.6 minutes of downtime."
    answer = "Over a 30-day month that is about 3.6 hours."
    assert not conflicting_durations(reference, answer)  # the shared "30 days" hides the error
    assert conflicting_durations(reference, answer, given="a 99.95% SLO over 30 days")
