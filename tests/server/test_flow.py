"""The whole path: admin -> token -> job -> imported question set -> invitation -> candidate
drafts and submit -> background evaluation -> report and comparison."""

from __future__ import annotations

from panelist.api import evaluate_interview, render
from panelist.loaders import example_path, load_interview
from panelist.models import Interview, JobDescription, Report
from tests.server.conftest import Org, example_jd, expire, setup_interview, wait_status
from tests.server.test_pages import signed_in


def _expected(title: str, candidate: str) -> Interview:
    """The interview the server should build: the example, with the job's title and text."""
    example = load_interview(example_path())
    return example.model_copy(
        update={
            "job_description": JobDescription(title=title, text=example_jd()),
            "candidate": candidate,
        }
    )


def test_full_flow(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    example = load_interview(example_path())
    assert [q["id"] for q in invitation.questions] == [i.question.id for i in example.items]

    candidate = org.server.client()
    base = f"/invite/{invitation.token}"
    opened = candidate.get(base)
    assert opened.status_code == 200
    assert opened.json()["role"] == "machine learning engineer"
    assert opened.json()["job_description"] == example_jd()
    assert client.get(f"/interviews/{invitation.interview_id}").json()["status"] == "in_progress"

    for item in example.items:  # a first draft, then the final text over it
        saved = candidate.put(f"{base}/drafts/{item.question.id}", json={"text": "draft"})
        assert saved.status_code == 200, saved.text
        saved = candidate.put(f"{base}/drafts/{item.question.id}", json={"text": item.answer})
        assert saved.status_code == 200, saved.text
    assert candidate.get(base).json()["drafts"] == {i.question.id: i.answer for i in example.items}

    submitted = candidate.post(f"{base}/submit")
    assert submitted.status_code == 202, submitted.text
    assert submitted.json()["answers"] == len(example.items)

    done = wait_status(client, invitation.interview_id, "evaluated", "failed")
    assert done["status"] == "evaluated", done["progress"]
    assert done["progress"]["answers"] == len(example.items)
    assert done["progress"]["evaluated"] == len(example.items)

    report = Report.model_validate(
        client.get(f"/interviews/{invitation.interview_id}/report").json()
    )
    assert [i.answer for i in report.interview.items] == [i.answer for i in example.items]
    expected = evaluate_interview(_expected("ML engineer", "Ada Candidate"), engine="rubric")
    text = client.get(f"/interviews/{invitation.interview_id}/report", params={"format": "text"})
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == render(expected, "text")
    assert text.text.startswith("=" * 70 + "\nINTERVIEW REPORT\n")
    assert "OVERALL SUMMARY" in text.text
    md = client.get(f"/interviews/{invitation.interview_id}/report", params={"format": "md"})
    assert md.text == render(expected, "md")

    table = client.get(f"/jobs/{invitation.job_id}/compare").json()
    assert [q["id"] for q in table["questions"]] == [i.question.id for i in example.items]
    (row,) = table["rows"]
    assert row["candidate"] == "Ada Candidate"
    assert row["scores"] == {e.question_id: e.score for e in expected.evaluations}
    assert row["average"] == round(expected.summary.average_score, 1)

    listed = client.get(f"/jobs/{invitation.job_id}/interviews").json()
    assert [(i["id"], i["status"]) for i in listed] == [(invitation.interview_id, "evaluated")]


def test_compare_table_lists_every_candidate(org: Org) -> None:
    client = org.client()
    first = setup_interview(client, candidate="Bea")
    second = setup_interview(
        client, job_id=first.job_id, question_set_id=first.question_set_id, candidate="Cal"
    )
    answer = "I rebuilt the fraud pipeline and cut false positives from 15% to 8%."
    org.server.client().post(
        f"/invite/{first.token}/submit",
        json={"answers": {q["id"]: answer for q in first.questions}},
    )
    wait_status(client, first.interview_id, "evaluated")
    table = client.get(f"/jobs/{first.job_id}/compare").json()
    rows = {r["candidate"]: r for r in table["rows"]}
    assert set(rows) == {"Bea", "Cal"}
    assert all(isinstance(s, int) for s in rows["Bea"]["scores"].values())
    assert rows["Cal"]["scores"] == dict.fromkeys(rows["Bea"]["scores"])
    assert rows["Cal"]["status"] == "invited" and rows["Cal"]["average"] is None
    assert second.interview_id == rows["Cal"]["interview_id"]


def test_question_set_from_json_and_import_warnings(org: Org) -> None:
    client = org.client()
    job = client.post("/jobs", json={"title": "SRE"}).json()
    created = client.post(
        f"/jobs/{job['id']}/question-sets",
        json={
            "name": "on-call",
            "questions": [
                {
                    "id": "K8S",
                    "text": "What does a readiness probe decide?",
                    "type": "technical",
                    "reference_points": ["Whether the pod receives traffic"],
                    "anchors": [{"answer": "It restarts pods.", "score": 20}],
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["role"] == "SRE"
    assert body["questions"][0]["reference_points"] == ["Whether the pod receives traffic"]
    assert body["questions"][0]["anchors"] == [{"answer": "It restarts pods.", "score": 20}]

    imported = client.post(
        f"/jobs/{job['id']}/question-sets/import",
        content=(
            "role: SRE\njob_description: jd.md\ncandidate: X\nquestions:\n"
            "  - {id: Q1, text: Why, answer: Because.}\n"
        ),
    )
    assert imported.status_code == 201, imported.text
    warnings = " ".join(imported.json()["warnings"])
    assert "jd.md" in warnings and "answers" in warnings and "candidate" in warnings

    inline = client.post(
        f"/jobs/{job['id']}/question-sets/import",
        content="role: SRE\njob_description: Keep the lights on.\nquestions:\n  - {id: Q1, text: Why}\n",
    )
    assert inline.status_code == 201
    assert client.get(f"/jobs/{job['id']}").json()["description"] == "Keep the lights on."
    sets = client.get(f"/jobs/{job['id']}/question-sets").json()
    assert [s["questions"] for s in sets] == [1, 1, 1]


def test_bad_question_sets_are_422_naming_the_problem(org: Org) -> None:
    client = org.client()
    job = client.post("/jobs", json={"title": "SRE"}).json()
    url = f"/jobs/{job['id']}/question-sets/import"
    cases = {
        "role: x\nquestions:\n  - {id: Q1, text: a}\n  - {id: Q1, text: b}\n": "used twice",
        "role: x\nrole: y\nquestions: []\n": "duplicate key 'role'",
        "role: x\nquestions:\n  - {id: Q1}\n": "questions[0].text",
        "role: [unclosed\n": "invalid YAML",
        "- a list\n": "expected a mapping",
    }
    for text, message in cases.items():
        response = client.post(url, content=text)
        assert response.status_code == 422, text
        assert message in response.json()["error"], response.json()
    response = client.post(
        f"/jobs/{job['id']}/question-sets", json={"name": "n", "questions": [{"id": "a b"}]}
    )
    assert response.status_code == 422
    assert "questions[0].id" in response.json()["error"]


def test_compare_shows_the_asked_questions_and_expiry_like_the_job_page(org: Org) -> None:
    client = org.client()
    first = setup_interview(client, candidate="Dee")
    other = client.post(
        f"/jobs/{first.job_id}/question-sets",
        json={"name": "unused", "questions": [{"id": "UNUSED_Q", "text": "Never asked?"}]},
    )
    assert other.status_code == 201, other.text
    expire(org, first.interview_id)
    table = client.get(f"/jobs/{first.job_id}/compare").json()
    assert [q["id"] for q in table["questions"]] == [q["id"] for q in first.questions]
    assert table["rows"][0]["status"] == "expired"
    web = signed_in(org)
    assert "1 link expired" in web.get("/jobs").text
    assert "Link expired" in web.get(f"/jobs/{first.job_id}/compare").text
