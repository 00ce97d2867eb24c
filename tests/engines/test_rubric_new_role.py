"""A role and question that appear nowhere else, answered at every level (answers written here).

The expected levels are the author's reading of the anchored scale, not expert labels; the test
checks that the engine orders the answers and places the flawed ones where the flaws allow.
"""

from __future__ import annotations

import pytest

from panelist.engines.rubric import RubricEngine
from panelist.models import Evaluation
from tests.conftest import level_agreement, request_for

QUESTION = (
    "Tell me about a time you had to tell a customer that something they were promised could "
    "not be delivered on time. How did you handle the conversation, and what happened?"
)
JD = """# Account Manager
- Own relationships with a portfolio of mid-size customers.
- Coordinate with delivery and product teams on commitments.
- Handle difficult conversations and keep customers informed.
"""
#: Answers keyed by the level the author expects.
ANSWERS = {
    95: (
        "Last March our sales team had promised a 200-person retailer that single sign-on "
        "would be ready for their go-live on 1 May. Three weeks out, engineering told me the "
        "SSO work had slipped to late June because of a security review. My task was to tell "
        "the customer before they heard it elsewhere and keep the go-live. I asked "
        "engineering for what could ship by May: password login with enforced MFA, plus a "
        "written SSO date. I then called their IT director the same day rather than emailing,"
        " explained the delay and the reason, and offered a phased plan: go live on 1 May "
        "with MFA for all staff, switch to SSO in June, and a named engineer on their "
        "migration call. I followed up with a one-page plan and weekly updates. They went "
        "live on schedule, SSO landed on 24 June, and the IT director renewed for two years "
        "in the autumn, telling our CEO the early warning was why they trusted us."
    ),
    88: (
        "Our product team slipped a reporting feature a customer had been promised for their "
        "quarter-end. I called their finance lead two weeks before, explained the new date "
        "and why, and offered a CSV export our support team could run weekly until then. She "
        "agreed, we ran the export four times, the feature shipped on the new date, and they "
        "renewed that year."
    ),
    62: (
        "I had a customer who was promised a feature that got delayed. I let them know as "
        "soon as I found out and explained the situation. I tried to be honest and offered "
        "some alternatives in the meantime. They were a bit disappointed but appreciated the "
        "transparency, and in the end it worked out and we kept the relationship in a good "
        "place."
    ),
    45: (
        "In that situation I would first get the facts from the delivery team so I know the "
        "new date. Then I would call the customer rather than email, explain what happened, "
        "and offer a workaround. I would follow up in writing and keep them updated every "
        "week until it's delivered. I think being proactive is the most important thing."
    ),
    28: (
        "This happened a lot because our product team never hit their dates. A customer was "
        "promised an integration and it was late again, so I told them honestly that it "
        "wasn't my fault and that I had warned product months ago. They were unhappy and "
        "escalated to my manager, which I think was unfair to me. Eventually product "
        "delivered it and the customer stayed, but it shows how account managers end up "
        "taking the blame for others."
    ),
    27: (
        "Delivering bad news is one of the most important parts of account management. I "
        "firmly believe that honesty and transparency are key, and that customers value a "
        "trusted advisor who is proactive. It's essential to manage expectations, communicate"
        " clearly and focus on the relationship. Every customer is different, so it's really "
        "about empathy and building trust. At the end of the day, it's all about delivering "
        "value and being customer-centric."
    ),
    18: (
        "Salesforce, Gainsight, HubSpot, Zendesk, Jira, Slack, QBRs, EBRs, NPS, CSAT, churn, "
        "renewals, upsell, escalation management, stakeholder management, expectation "
        "management, customer success."
    ),
    5: ("I don't really remember a specific case, sorry. Can we move on to the next question?"),
}


@pytest.fixture(scope="module")
def scored(engine: RubricEngine) -> dict[int, Evaluation]:
    return {
        level: engine.evaluate(request_for(answer, QUESTION, job_description=JD))
        for level, answer in ANSWERS.items()
    }


def test_answers_are_ordered_as_their_levels(scored: dict[int, Evaluation]) -> None:
    assert level_agreement(scored) >= 0.8


def test_strong_answers_score_high_and_flawed_ones_low(scored: dict[int, Evaluation]) -> None:
    assert scored[95].score >= 80
    assert scored[88].score >= 70
    assert all(scored[level].score <= 35 for level in (28, 27, 18, 5))
    assert {"blame"} <= {f.code for f in scored[28].flags}
    assert {"non_answer"} <= {f.code for f in scored[5].flags}
