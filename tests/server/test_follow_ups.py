"""A second round on the server: the recruiter asks follow-up questions on a submitted
interview, the candidate answers them by a new link, the worker evaluates each answer with its
follow-up answers, keeps the first evaluation, and the report shows the exchange."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine, update

from panelist.loaders import example_path, load_interview
from panelist.models import Report
from panelist.server.tables import FollowUpRound, now
from tests.server.conftest import Invitation, Org, setup_interview, wait_for, wait_status
from tests.server.test_pages import WebClient, signed_in

OWN_PART = "What was your own part in that, as opposed to the team's?"
MEASURED = "How did you measure the result?"
OWN_ANSWER = (
    "I owned the failure analysis: I went through three months of logs, grouped the 41 "
    "failures by cause and wrote the retry wrapper myself."
)
MEASURED_ANSWER = "Failed runs went from 14 in March to 2 in May, on a dashboard I built."


def submitted(org: Org, *, practice_feedback: bool = False) -> Invitation:
    """An interview on the example, answered with the example's answers and evaluated."""
    client = org.client()
    invitation = setup_interview(client, practice_feedback=practice_feedback)
    example = load_interview(example_path())
    answers = {i.question.id: i.answer for i in example.items}
    response = org.server.client().post(
        f"/invite/{invitation.token}/submit", json={"answers": answers}
    )
    assert response.status_code == 202, response.text
    wait_status(client, invitation.interview_id, "evaluated")
    return invitation


def ask(client: httpx.Client, interview_id: str, items: list[dict[str, Any]]) -> httpx.Response:
    return client.post(f"/interviews/{interview_id}/follow-ups", json={"items": items})


def test_follow_ups_are_asked_answered_and_evaluated_with_the_first_answer(org: Org) -> None:
    client = org.client()
    invitation = submitted(org, practice_feedback=True)
    first_qid, second_qid = (q["id"] for q in invitation.questions[:2])
    before = client.get(f"/interviews/{invitation.interview_id}/evaluations").json()
    assert {e["round"] for e in before} == {1}

    made = ask(
        client,
        invitation.interview_id,
        [
            {"question_id": second_qid, "questions": ["  Which  one did you choose? "]},
            {"question_id": first_qid, "questions": [OWN_PART, MEASURED]},
        ],
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["number"] == 2 and body["status"] == "sent" and body["evaluation"] is None
    assert body["link"] == f"/f/{body['token']}" and body["url"].endswith(body["link"])
    # in the interview's order, each question's follow-ups in the order given, whitespace folded
    assert [(i["question_id"], [f["text"] for f in i["follow_ups"]]) for i in body["items"]] == [
        (first_qid, [OWN_PART, MEASURED]),
        (second_qid, ["Which one did you choose?"]),
    ]
    token = body["token"]
    again = ask(client, invitation.interview_id, [{"question_id": first_qid, "questions": ["?"]}])
    assert again.status_code == 409 and "round 2" in again.json()["error"]
    shown = client.get(f"/interviews/{invitation.interview_id}").json()
    assert "token" not in str(shown["rounds"]) and shown["rounds"][0]["status"] == "sent"
    assert shown["rounds"][0]["items"][0]["follow_ups"][0]["answer"] is None

    candidate = org.server.client()
    view = candidate.get(f"/follow-up/{token}").json()
    assert [i["question_id"] for i in view["items"]] == [first_qid, second_qid]
    example = {i.question.id: i.answer for i in load_interview(example_path()).items}
    assert view["items"][0]["answer"] == example[first_qid]
    assert view["number"] == 2 and view["drafts"] == {}
    own, measured = (f["id"] for f in view["items"][0]["follow_ups"])
    which = view["items"][1]["follow_ups"][0]["id"]
    assert candidate.put(f"/follow-up/{token}/drafts/{own}", json={"text": "draft"}).is_success
    saved = candidate.put(f"/follow-up/{token}/drafts/{own}", json={"text": OWN_ANSWER})
    assert saved.json()["follow_up_id"] == own
    assert candidate.get(f"/follow-up/{token}").json()["drafts"] == {own: OWN_ANSWER}
    # the round's link opens the round only; the first link opens no round
    assert candidate.get(f"/invite/{token}").status_code == 401
    assert candidate.get(f"/follow-up/{invitation.token}").status_code == 401
    assert (
        candidate.put(f"/follow-up/{token}/drafts/{first_qid}", json={"text": "x"}).status_code
        == 404
    )
    early = candidate.get(f"/follow-up/{token}/report")
    assert early.status_code == 409

    blank = candidate.post(
        f"/follow-up/{token}/submit", json={"answers": {own: " ", measured: "", which: "\n"}}
    )
    assert blank.status_code == 422 and "at least one" in blank.json()["error"]
    # a follow-up left blank (here on the second question) is not part of the exchange
    done = candidate.post(
        f"/follow-up/{token}/submit", json={"answers": {measured: MEASURED_ANSWER, which: ""}}
    )
    assert done.status_code == 202 and done.json()["answers"] == 3
    assert candidate.post(f"/follow-up/{token}/submit").status_code == 409
    assert candidate.put(f"/follow-up/{token}/drafts/{own}", json={"text": "x"}).status_code == 409
    wait_status(client, invitation.interview_id, "evaluated")

    after = client.get(f"/interviews/{invitation.interview_id}/evaluations").json()
    assert after[: len(before)] == before  # the first round's evaluations are kept as they were
    added = after[len(before) :]
    assert [(e["question_id"], e["round"]) for e in added] == [(first_qid, 2)]
    report = Report.model_validate(
        client.get(f"/interviews/{invitation.interview_id}/report").json()
    )
    item = report.interview.items[0]
    assert [(f.question, f.answer) for f in item.follow_ups] == [
        (OWN_PART, OWN_ANSWER),
        (MEASURED, MEASURED_ANSWER),
    ]
    assert report.interview.items[1].follow_ups == []  # its one follow-up left blank
    latest = {e["question_id"]: e["score"] for e in after}
    assert {e.question_id: e.score for e in report.evaluations} == latest
    for evaluation, shown_item in zip(report.evaluations, report.interview.items, strict=True):
        for point in evaluation.strengths + evaluation.weaknesses:
            for e in point.evidence:
                assert shown_item.full_answer[e.start : e.end] == e.quote
    text = client.get(f"/interviews/{invitation.interview_id}/report?format=text").text
    assert f"Follow-up: {OWN_PART}" in text

    rounds = client.get(f"/interviews/{invitation.interview_id}").json()["rounds"]
    assert rounds[0]["status"] == "answered" and rounds[0]["evaluation"] == "done"
    answers = [f["answer"] for i in rounds[0]["items"] for f in i["follow_ups"]]
    assert answers == [OWN_ANSWER, MEASURED_ANSWER, ""]
    practice = candidate.get(f"/follow-up/{token}/report", params={"format": "md"})
    assert practice.status_code == 200 and OWN_ANSWER in practice.text

    # a third round: the answers so far are evaluated with it
    third = ask(client, invitation.interview_id, [{"question_id": first_qid, "questions": ["?"]}])
    assert third.status_code == 201 and third.json()["number"] == 3


def test_follow_ups_refused(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    qid = invitation.questions[0]["id"]
    early = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["Why?"]}])
    assert early.status_code == 409 and "first submit" in early.json()["error"]
    org.server.client().post(f"/invite/{invitation.token}/submit", json={"answers": {}})
    bad: list[tuple[Any, str]] = [
        ([{"question_id": "NOPE", "questions": ["Why?"]}], "NOPE"),
        ([{"question_id": qid, "questions": ["a", "b", "c", "d"]}], "questions"),
        ([{"question_id": qid, "questions": []}], "questions"),
        ([{"question_id": qid, "questions": [""]}], "questions"),
        ([{"question_id": qid, "questions": ["   "]}], "questions.0"),
        ([{"question_id": qid, "questions": ["x" * 1001]}], "questions"),
        ([{"question_id": qid, "questions": ["a"]}, {"question_id": qid, "questions": ["b"]}], qid),
        ([], "items"),
    ]
    for items, named in bad:
        response = ask(client, invitation.interview_id, items)
        assert response.status_code == 422, (items, response.text)
        assert named in response.json()["error"], (items, response.text)
    assert client.get(f"/interviews/{invitation.interview_id}").json()["rounds"] == []
    assert ask(client, "0" * 32, [{"question_id": qid, "questions": ["Why?"]}]).status_code == 404


def test_an_expired_round_link_is_gone_and_a_new_round_can_be_asked(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    qid = invitation.questions[0]["id"]
    org.server.client().post(f"/invite/{invitation.token}/submit", json={"answers": {}})
    token = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["Why?"]}])
    token_value = token.json()["token"]
    engine = create_engine(org.server.settings.database_url)
    with engine.begin() as connection:
        connection.execute(
            update(FollowUpRound)
            .where(FollowUpRound.interview_id == invitation.interview_id)
            .values(expires_at=now() - timedelta(seconds=1))
        )
    engine.dispose()
    candidate = org.server.client()
    assert candidate.get(f"/follow-up/{token_value}").status_code == 410
    rounds = client.get(f"/interviews/{invitation.interview_id}").json()["rounds"]
    assert rounds[0]["status"] == "expired"
    again = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["How?"]}])
    assert again.status_code == 201 and again.json()["number"] == 3
    wait_for(lambda: candidate.get(f"/follow-up/{again.json()['token']}").is_success)


def test_a_waiting_round_can_be_withdrawn_and_another_asked(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    qid = invitation.questions[0]["id"]
    org.server.client().post(f"/invite/{invitation.token}/submit", json={"answers": {}})
    path = f"/interviews/{invitation.interview_id}/follow-ups/withdraw"
    assert client.post(path).status_code == 409  # nothing waiting yet
    first = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["Why?"]}])
    blocked = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["How?"]}])
    assert blocked.status_code == 409 and "withdraw them first" in blocked.json()["error"]
    withdrawn = client.post(path)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "expired"
    assert org.server.client().get(f"/follow-up/{first.json()['token']}").status_code == 410
    again = ask(client, invitation.interview_id, [{"question_id": qid, "questions": ["How?"]}])
    assert again.status_code == 201 and again.json()["number"] == 3
    # The same from the report page: a button, then a note.
    web = signed_in(org)
    report = web.get(f"/interviews/{invitation.interview_id}")
    assert "Withdraw round 3" in report.text
    done = web.post(f"/interviews/{invitation.interview_id}/follow-ups/withdraw")
    assert done.status_code == 303
    assert "Round 3 withdrawn: its link no longer works." in web.follow(done).text


def test_pages_ask_answer_and_show_the_second_round(org: Org) -> None:
    """Recruiter and candidate with plain form posts (no script)."""
    client = org.client()
    invitation = submitted(org, practice_feedback=True)
    web = signed_in(org)
    report_url = f"/interviews/{invitation.interview_id}"
    page = web.get(report_url)
    assert 'href="' + report_url + '/follow-ups/new"' in page.text
    form = web.get(f"{report_url}/follow-ups/new")
    assert form.status_code == 200
    proposed = re.findall(r'name="text" rows="2" maxlength="1000">([^<]*)<', form.text)
    slots = re.findall(r'name="slot" value="([^"]+)"', form.text)
    assert proposed and len(slots) == len(proposed)
    assert all(f'id="ask-{s}" name="ask" value="{s}" checked' in form.text for s in slots)
    n = int(slots[0].split("-")[0])  # the first answer with proposed follow-ups
    first = [s for s in slots if s.startswith(f"{n}-")]
    base: dict[str, Any] = {"slot": slots, "text": [html.unescape(t) for t in proposed]}
    owns = [""] * len(invitation.questions)
    nothing = web.post(f"{report_url}/follow-ups", base | {"ask": [], "own_for": [], "own": []})
    assert nothing.status_code == 422 and "at least one follow-up" in nothing.text
    empty = web.post(
        f"{report_url}/follow-ups",
        base | {"ask": first[:1], "text": [""] * len(slots), "own_for": [], "own": []},
    )
    assert empty.status_code == 422 and "is empty" in empty.text
    numbers = [str(n) for n in range(1, len(invitation.questions) + 1)]
    mine = [*owns[: n - 1], OWN_PART, *owns[n:]]
    sent = web.post(
        f"{report_url}/follow-ups",
        base | {"ask": first[:1], "own_for": numbers, "own": mine},
    )
    assert sent.status_code == 200, sent.text[:2000]
    link = re.search(
        r'id="invite-link" type="url" class="link-field" readonly value="([^"]+)"', sent.text
    )
    assert link and "/f/" in link.group(1)
    path = link.group(1).split(org.server.url, 1)[1]
    again = web.get(f"{report_url}/follow-ups/new")
    assert again.status_code == 409 and "round 2" in again.text
    status = web.get(f"/jobs/{invitation.job_id}/status.json").json()["interviews"][0]
    assert (status["status"], status["label"]) == ("follow_ups_sent", "Follow-ups sent")

    candidate = WebClient(org.server)
    start = candidate.get(path)
    assert start.status_code == 200 and "Follow-up questions" in start.text
    question = candidate.get(path + "/q/1")
    nothing = candidate.post(path + "/submit")
    assert nothing.status_code == 422 and "Answer at least one" in nothing.text
    example = load_interview(example_path()).items[n - 1]
    shown = html.unescape(question.text)
    assert example.answer in shown and OWN_PART in shown  # the first answer, the follow-up
    ids = re.findall(r'name="follow_up" value="([^"]+)"', question.text)
    assert len(ids) == 2
    texts = [OWN_ANSWER, MEASURED_ANSWER]
    saved = candidate.post(path + "/q/1", {"follow_up": ids, "answer": texts, "go": "review"})
    assert saved.headers["location"] == path + "/review"
    review = candidate.follow(saved)
    assert OWN_ANSWER in html.unescape(review.text)
    done = candidate.follow(candidate.post(path + "/submit"))
    assert "Thank you" in done.text
    assert candidate.get(path + "/q/1").headers["location"] == path
    assert candidate.get(f"/i/{invitation.token}").status_code == 200  # the first link: done
    assert candidate.get(f"/i/{path.split('/')[-1]}").status_code == 404  # no other interview
    wait_status(client, invitation.interview_id, "evaluated")
    status = web.get(f"/jobs/{invitation.job_id}/status.json").json()["interviews"][0]
    assert status["status"] == "evaluated" and "round 2" in status["detail"]

    page = html.unescape(web.get(report_url).text)
    assert "Round 2 evaluation: the first answer with 2 follow-up answers." in page
    assert "Round 1 evaluation: the first answer." in page
    assert "Answer and follow-ups" in page
    assert f'<strong class="asked">Follow-up: {OWN_PART}</strong>' in page
    assert "Follow-ups answered" in page
    feedback = candidate.get(path + "/report")
    assert feedback.status_code == 200 and "Round 2 evaluation" in feedback.text
    assert candidate.get(path).text.count("Read your updated feedback") == 1
