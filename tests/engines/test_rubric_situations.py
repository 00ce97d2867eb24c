"""Fluent stories about a different situation, in the same field (none come from the dev set).

Each case pairs a behavioural question about an adverse situation with an answer that tells
that situation and an answer that tells a polished success story from the same job instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from panelist.engines.rubric import RubricEngine
from panelist.engines.rubric.criteria import get_rubric, situation_sentences
from panelist.models import Evaluation
from tests.conftest import request_for


@dataclass(frozen=True)
class Case:
    question: str
    on_topic: str
    elsewhere: str


CASES = {
    "sales_deal_lost": Case(
        "Tell me about a time you lost a deal you expected to win. What went wrong, and what "
        "did you change afterwards?",
        "Last spring I was sure we would close a 40-seat renewal with a logistics firm, but they "
        "signed with a cheaper competitor two days before the deadline. When I asked for "
        "feedback, their buyer said I had only ever spoken to the IT manager, and finance had "
        "never seen a business case. I had misread one friendly contact as the whole buying "
        "group. Since then I map the buying committee in the first meeting and send a written "
        "ROI summary to the budget owner before any proposal. My next two deals of that size "
        "both closed.",
        "My proudest deal was a 60-seat contract with a regional hospital group. I ran discovery "
        "with their nursing director and their IT lead, built a pilot on two wards, and "
        "presented the results to their board with a clear ROI model. They signed a three-year "
        "agreement worth $210k, the largest in my region that year, and I was named top "
        "performer for the quarter. I think it shows how I build relationships with senior "
        "stakeholders and tailor the value story to each of them.",
    ),
    "pm_stakeholder_conflict": Case(
        "Describe a time two senior stakeholders wanted conflicting things from your roadmap. "
        "How did you handle the disagreement?",
        "Our head of sales wanted a custom reporting module for one large prospect, while the "
        "head of support wanted the quarter spent on fixing the onboarding flow that generated "
        "a third of our tickets. Each escalated to the VP separately. I put both requests into "
        "one page with the revenue at stake and the ticket cost, and got them in a room "
        "together. Sales agreed the prospect could start with a CSV export, which took a week, "
        "and we spent the rest of the quarter on onboarding. Tickets about setup fell by 40%.",
        "Last year I launched our mobile app's offline mode. I interviewed twenty field "
        "technicians, wrote the spec, and worked with two engineers and a designer to ship it in "
        "ten weeks. I set up analytics so we could see usage by region, and within a month 60% "
        "of technicians used it daily. The launch was featured in our company all-hands and it "
        "became a key selling point for the sales team.",
    ),
    "nurse_mistake": Case(
        "Tell me about a mistake you made at work and how you dealt with it.",
        "On a busy night shift I gave a patient his evening antibiotic an hour early because I "
        "read the wrong line on the chart. I noticed it on my next round, checked with the "
        "pharmacist that the early dose was safe, told the patient and the doctor on call, and "
        "filed an incident report myself. The ward then changed the chart layout so that dose "
        "times sit next to the drug name, and I now read the time back aloud before giving any "
        "timed medication.",
        "One of the things I'm proudest of is setting up a mentoring scheme for newly qualified "
        "nurses on my ward. I paired each of them with an experienced nurse, ran monthly "
        "reflective sessions, and created a quick-reference guide for our most common "
        "procedures. Over the first year none of the new starters left, compared with three "
        "the year before, and the scheme has now been adopted by two other wards.",
    ),
    "engineer_deadline": Case(
        "Tell me about a time you had to deliver under a very tight deadline. How did you "
        "decide what to cut?",
        "Two weeks before a trade show, our CEO promised a customer a working export to their "
        "ERP. The full integration was a six-week job. I listed what the demo customer actually "
        "needed, which was invoices only and one-way, and dropped sync, retries and the admin "
        "screen. I built the invoice export with a nightly file drop, tested it against their "
        "sandbox, and documented the gaps. It was ready three days before the show, and we "
        "built the full integration in the following quarter.",
        "A project I really enjoyed was rebuilding our search service. The old one was a tangle "
        "of SQL LIKE queries, so I moved it to Elasticsearch, designed the index mappings, and "
        "added synonyms and typo tolerance. Median search latency went from 900 milliseconds to "
        "80, and the share of searches with no results halved. It taught me a lot about "
        "relevance tuning, and I would love to do more work like that here.",
    ),
    "support_frustrated_customer": Case(
        "Tell me about a time a customer was frustrated by a bug your team could not fix "
        "quickly. How did you keep them on side?",
        "A wholesale customer's invoices were printing with the wrong VAT rounding, and the fix "
        "needed a change to our billing engine that engineering scheduled for six weeks later. "
        "Their finance manager was angry because her auditors had spotted it. I called her the "
        "same day, explained why the fix would take time, and set up a weekly spreadsheet that "
        "corrected the rounding on their exports until then. I also got her a named engineer "
        "for questions. She stayed through the fix and renewed in the autumn.",
        "When a large retail chain joined us, I set up their support from day one. I created a "
        "shared Slack channel with their store managers, wrote a short knowledge base for the "
        "five questions their staff asked most, and trained their regional admins over two "
        "video calls. In their first month they raised only twelve tickets across 80 stores, "
        "and their operations director wrote to our CEO to say it was the easiest rollout they "
        "had done.",
    ),
    "marketing_traffic_drop": Case(
        "Describe a time website traffic dropped suddenly. How did you find out why?",
        "One Monday organic sessions on our recipe site were down about 35% week on week. Paid "
        "and direct traffic were flat, so I looked at Search Console by page and saw the loss "
        "was concentrated in 200 recipe pages. Their structured data had been stripped by a "
        "template update the Thursday before, so they had lost their rich results. I sent the "
        "developers the list of pages and the template diff, they restored the markup that "
        "afternoon, and traffic was back to normal within ten days.",
        "At my last job I built our content calendar for the recipe site. I grouped our keyword "
        "research into seasonal themes, planned four articles a week with the editors, and "
        "set up a Looker Studio report so the team could see which themes brought readers in. "
        "I also introduced a style guide for headlines and meta descriptions. Over the year the "
        "team published on schedule every week and the editors said planning meetings took half "
        "the time.",
    ),
    "teacher_parent_disagreed": Case(
        "Tell me about a time a parent disagreed with how you handled a problem in class. What "
        "did you do?",
        "A father emailed the head teacher saying I had been unfair to keep his son in at break "
        "after a fight in the playground. I asked to meet him in person, showed him the notes I "
        "had written that day and the school's behaviour policy, and listened to his side: his "
        "son said he had been provoked. I agreed to speak to the other boy as well, which I had "
        "not done, and we set up a weekly note home. By half term the father thanked me and his "
        "son had no further incidents.",
        "Last year I organised our school's first science fair for Year 5. I planned the "
        "projects with the other two teachers, invited parents to help with materials, and "
        "arranged for a local engineer to judge the entries. Forty children took part, over a "
        "hundred parents came on the evening, and the head teacher asked me to make it an "
        "annual event. It was a great way to get families involved in learning.",
    ),
    "analyst_ambiguous_request": Case(
        "Tell me about a time you were given an ambiguous request. How did you work out what "
        "was actually needed?",
        "Our COO asked me for 'a churn dashboard' with no other detail, and nobody could tell me "
        "which decision it was for. Instead of guessing, I booked twenty minutes with her and "
        "asked what she would do differently depending on the numbers. It turned out she was "
        "deciding whether to fund a retention team, so what she needed was one estimate of "
        "revenue lost to churn by segment, not a dashboard. I sent a one-page answer two days "
        "later, and she approved two retention hires the following week.",
        "A project I'm proud of is the sales forecast I built for our finance team. I pulled "
        "three years of orders from Snowflake, built a seasonal model in Python, and published "
        "it as a weekly Tableau report with confidence bands. The finance director used it in "
        "every monthly planning meeting, and the forecast error on the quarterly total came "
        "down from 12% to 4% over the year.",
    ),
    "developer_unfamiliar_technology": Case(
        "Describe a time you had to learn a new technology quickly to deliver a project.",
        "I joined a team that was moving its mobile app to Flutter three weeks before a release, "
        "and I had never written Dart. I spent the first two evenings on the official codelabs, "
        "then asked the lead to give me a small screen to port so I could learn on real code. I "
        "paired with her for an hour a day that first week. By the release I had ported the "
        "settings and profile screens, and my pull requests were going through review without "
        "major changes.",
        "At my last job I led the rewrite of our checkout service in Go. I split the monolith's "
        "payment code into a separate service, added idempotency keys so retried payments could "
        "not charge twice, and wrote load tests that simulated Black Friday traffic. After the "
        "launch, checkout errors fell by 70% and the service handled three times the previous "
        "peak without incident.",
    ),
}


@pytest.fixture(scope="module")
def results(engine: RubricEngine) -> dict[str, tuple[Evaluation, Evaluation]]:
    def run(question: str, answer: str) -> Evaluation:
        return engine.evaluate(request_for(answer, question))

    return {
        name: (run(c.question, c.on_topic), run(c.question, c.elsewhere))
        for name, c in CASES.items()
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_story_of_the_situation_asked_is_not_flagged(
    results: dict[str, tuple[Evaluation, Evaluation]], name: str
) -> None:
    on_topic, _ = results[name]
    codes = {f.code for f in on_topic.flags}
    assert not codes & {"off_topic", "situation_missing"}
    assert on_topic.score >= 65
    # every part of these questions is answered, so none may be reported missing
    assert not [w.text for w in on_topic.weaknesses if w.kind in {"part", "situation"}]


@pytest.mark.parametrize("name", sorted(CASES))
def test_story_of_another_situation_is_flagged_and_scores_low(
    results: dict[str, tuple[Evaluation, Evaluation]], name: str
) -> None:
    on_topic, elsewhere = results[name]
    codes = {f.code for f in elsewhere.flags}
    assert codes & {"off_topic", "situation_missing"}
    assert elsewhere.score <= 35
    assert on_topic.score - elsewhere.score >= 30


def test_feedback_names_the_situation_that_is_missing(
    results: dict[str, tuple[Evaluation, Evaluation]],
) -> None:
    flagged = [
        (name, elsewhere)
        for name, (_, elsewhere) in results.items()
        if "situation_missing" in {f.code for f in elsewhere.flags}
    ]
    assert flagged, "no case reached the situation check"
    for name, evaluation in flagged:
        (weakness,) = [w for w in evaluation.weaknesses if w.kind == "situation_missing"]
        situation = CASES[name].question.split(".")[0]
        assert weakness.question_part and weakness.question_part.lower() in situation.lower()
        (evidence,) = weakness.evidence
        assert CASES[name].elsewhere[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (CASES["support_frustrated_customer"].question, []),
        (CASES["marketing_traffic_drop"].question, []),
        ("Describe a dashboard you built that a team used to make decisions.", None),
    ],
)
def test_situation_is_checked_only_for_questions_about_one(
    engine: RubricEngine, question: str, expected: list[int] | None
) -> None:
    story = CASES["support_frustrated_customer"].elsewhere
    analysis, _ = engine.analyse(request_for(story, question))
    assert situation_sentences(analysis, get_rubric()) == expected


def test_the_sentence_naming_the_situation_sets_the_scene(engine: RubricEngine) -> None:
    case = CASES["support_frustrated_customer"]
    analysis, judgement = engine.analyse(request_for(case.on_topic, case.question))
    named = situation_sentences(analysis, get_rubric())
    assert named and named[0] <= 1  # "Their finance manager was angry..."
    assert judgement.criteria["situation"] >= 0.7


OPEN_QUESTIONS = [
    "Describe a project you are proud of.",
    "Tell me about a time you showed leadership.",
    "Tell me about your most significant professional achievement.",
    "Give an example of a time you went above and beyond.",
    "Walk me through a recent project.",
]


@pytest.mark.parametrize("question", OPEN_QUESTIONS)
def test_any_real_story_answers_an_open_question(engine: RubricEngine, question: str) -> None:
    story = CASES["marketing_traffic_drop"].on_topic
    evaluation = engine.evaluate(request_for(story, question))
    assert not {"off_topic", "situation_missing"} & {f.code for f in evaluation.flags}
    assert evaluation.score >= 70


SITUATIONAL = (
    "Imagine a key customer tells you they will cancel at renewal because a promised feature is "
    "six months late. What would you do in the first week?"
)
PLAN = (
    "First I would call the customer within the day, not email, to understand what the feature "
    "was meant to solve for them and what cancelling would cost them. I would then get a firm "
    "date and a scope from product, and look for a workaround that covers the core need, for "
    "example an export our solutions engineers can build. By day three I would bring the "
    "customer a written plan: the workaround, the new date and a named contact, and I would "
    "offer a monthly review with their sponsor until it ships. I would flag the account as at "
    "risk in Gainsight and brief my manager. I would judge success by whether they agree to the "
    "plan and renew."
)
THIN_PLAN = (
    "I would just tell them that delays happen and that they should be patient. I think "
    "customers understand that software is hard. I would probably offer a discount if they insist."
)


def test_the_same_plan_to_a_question_about_the_past_is_hypothetical(engine: RubricEngine) -> None:
    question = "Tell me about a time you kept a customer who wanted to cancel over a late feature."
    evaluation = engine.evaluate(request_for(PLAN, question))
    assert "hypothetical" in {f.code for f in evaluation.flags}
    assert evaluation.score <= 50


MOTIVATION = "Why do you want to work at Larkspur, and why this role?"
LARKSPUR = """# Data Engineer at Larkspur
- Build and operate batch and streaming data pipelines (Airflow, Spark, Kafka).
- Monitor data quality and pipeline health.
"""
REASONS = (
    "I have spent four years building batch pipelines in Airflow, and the part I enjoy most is "
    "making data that other teams can trust. Your job description puts data quality and "
    "pipeline health first, which is exactly the work I want more of. I also read your "
    "engineering post on moving fraud scoring to Kafka; I built a similar streaming pipeline "
    "last year and would like to go deeper on streaming at your scale."
)
PLATITUDES = (
    "I think Larkspur is a great company with a great culture and I have always wanted to work "
    "somewhere like this. The role sounds really interesting and I am passionate about data. I "
    "am a hard worker and a team player and I am excited about the opportunity to grow."
)


def test_why_this_role_is_judged_on_reasons_not_on_a_story(engine: RubricEngine) -> None:
    reasons = engine.evaluate(request_for(REASONS, MOTIVATION, job_description=LARKSPUR))
    platitudes = engine.evaluate(request_for(PLATITUDES, MOTIVATION, job_description=LARKSPUR))
    assert "hypothetical" not in {f.code for f in reasons.flags}
    assert reasons.score >= 65
    assert platitudes.score <= 35
    assert "Gives few reasons for wanting this role" in {w.text for w in platitudes.weaknesses}


PROCESS = "How do you prioritise your work when several stakeholders say their request is urgent?"
PRACTICE = (
    "I usually start by asking each stakeholder what happens if their request waits a week, "
    "because that turns urgency into a cost I can compare. I then rank requests by that cost and "
    "by effort, and I share the ranked list in our team channel so everyone sees the trade-offs. "
    "If two requests are truly tied, I ask my manager to make the call. For example, last quarter "
    "marketing and finance both needed dashboards before the same board meeting; finance would "
    "have reported wrong revenue, so theirs went first. Nobody escalated, and the board pack went "
    "out on time."
)
NO_PRACTICE = (
    "I just do whatever my manager says is most important. Everything is urgent anyway, so I "
    "work harder and stay late until it is done. It usually works out."
)


@pytest.mark.parametrize(
    ("question", "good", "thin"),
    [(SITUATIONAL, PLAN, THIN_PLAN), (PROCESS, PRACTICE, NO_PRACTICE)],
    ids=["what-would-you-do", "how-do-you"],
)
def test_a_question_about_a_plan_or_practice_is_not_asking_for_a_story(
    engine: RubricEngine, question: str, good: str, thin: str
) -> None:
    plan = engine.evaluate(request_for(good, question))
    weak = engine.evaluate(request_for(thin, question))
    assert not {"hypothetical", "off_topic", "situation_missing"} & {f.code for f in plan.flags}
    assert plan.score >= 60
    assert weak.score <= plan.score - 25
    tips = [t.text for t in [*plan.improvement_tips, *weak.improvement_tips]]
    assert not [t for t in tips if "End with the result" in t]  # advice for a past story
    assert any("how you would know it worked" in t for t in tips)
