from __future__ import annotations

import pytest

from panelist.judge.neutral import NAME, names, neutralise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sarah told her team she would help him.",
            f"{NAME} told them team they would help them.",
        ),
        ("I thanked her. Her analysis was right.", "I thanked them. Them analysis was right."),
        ("Mr. Okafor and Jamal's brother agreed.", f"Okafor and {NAME}'s sibling agreed."),
        ("He's the chairman; his wife is a nurse.", "They're the chair; them partner is a nurse."),
        ("We shipped the release on Monday.", "We shipped the release on Monday."),
        # typed in lower case: names still replaced, names that are also words only capitalised
        ("emily asked jamal's team.", f"{NAME.lower()} asked {NAME.lower()}'s team."),
        ("Frank gave frank feedback, a mark of 5.", f"{NAME} gave frank feedback, a mark of 5."),
        ("my manager mrs. okafor ported it to julia.", "my manager okafor ported it to julia."),
    ],
)
def test_names_and_gendered_words_are_neutralised(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_swapping_names_and_pronouns_gives_the_same_text() -> None:
    a = "My manager Emily said she trusted her analysts; Greg thanked him."
    b = "My manager Lakisha said he trusted his analysts; Jamal thanked her."
    assert neutralise(a) == neutralise(b)


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("I told him exactly what changed.", "I told her exactly what changed."),
        ("His HbA1c was 9.", "Her HbA1c was 9."),
        ("The idea was his, and I said so.", "The idea was hers, and I said so."),
        ("I let him choose his photos.", "I let her choose her photos."),
    ],
)
def test_every_he_and_she_form_reads_the_same(male: str, female: str) -> None:
    # "her" is "him" in some sentences and "his" in others: no rule can tell every one apart
    assert neutralise(male) == neutralise(female)


def test_swapping_names_in_a_lower_case_answer_gives_the_same_text() -> None:
    a = "my manager emily said she trusted her analysts; greg thanked him."
    b = "my manager lakisha said he trusted his analysts; jamal thanked her."
    assert neutralise(a) == neutralise(b)


def test_the_name_list_covers_many_origins() -> None:
    assert {"Emily", "Lakisha", "Jamal", "Greg", "Wei", "Priya", "Mohammed", "Olga"} <= names()
