"""Two roles' questions and four answers, one per question, for the question-fit experiments."""

from __future__ import annotations

QUESTIONS = {
    "nurse": ["Tell me about a time a patient deteriorated.", "How do you hand over a shift?"],
    "chef": ["Tell me about a time a busy service went wrong.", "How do you cost a new dish?"],
}
ANSWERS = [
    "The patient's oxygen fell on my night shift, so I called the outreach team at once.",
    "I hand over at the bedside with the chart, the drips and the plan for the night.",
    "On a Saturday the grill broke at eight, so I moved the steaks to the ovens.",
    "I price every ingredient by weight, add waste, and aim for thirty percent food cost.",
]


def answered() -> list[tuple[str, str, str]]:
    """(role, question, answer) for each answer."""
    pairs = [(role, q) for role, qs in QUESTIONS.items() for q in qs]
    return [(role, q, a) for (role, q), a in zip(pairs, ANSWERS, strict=True)]
