"""End to end against a real local model server (llama.cpp's OpenAI-compatible server).

`.ci/run` starts the server with SmolLM2-135M-Instruct and sets PANELIST_TEST_LLM_URL (and
PANELIST_REQUIRE_LLM=1, so that a missing server fails instead of skipping). The model is far
too small to grade well: these tests check structure and error handling, not score quality.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

URL = os.environ.get("PANELIST_TEST_LLM_URL", "")
BANNER = "=" * 70


@pytest.fixture(scope="module")
def llm_url() -> str:
    problem = ""
    if not URL:
        problem = "PANELIST_TEST_LLM_URL is not set"
    else:
        try:
            httpx.get(f"{URL}/models", timeout=5).raise_for_status()
        except httpx.HTTPError as exc:
            problem = f"no model server at {URL}: {exc}"
    if problem:
        if os.environ.get("PANELIST_REQUIRE_LLM"):
            pytest.fail(problem)
        pytest.skip(problem)
    return URL


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module: the hybrid run reuses the LLM run's evaluations."""
    return tmp_path_factory.mktemp("llm-cache")


def panelist(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PANELIST_CACHE_DIR": str(cache),
        "PANELIST_LLM_CONCURRENCY": "1",  # the CI server runs one request at a time
        "PANELIST_LLM_TIMEOUT": "300",
    }
    return subprocess.run(
        [sys.executable, "-m", "panelist", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=1200,
    )  # fmt: skip


@pytest.mark.llm
@pytest.mark.parametrize("engine", ["llm", "hybrid"])
def test_evaluate_the_example_against_a_local_server(
    llm_url: str, engine: str, cache: Path
) -> None:
    result = panelist(
        "evaluate", "examples/ml-engineer/interview.yaml", "--engine", engine,
        "-O", f"base_url={llm_url}", "-O", "model=smollm2", "-O", "max_retries=4",
        cache=cache,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[llm_failed]" not in out
    assert out.startswith(
        f"{BANNER}\nINTERVIEW REPORT\n{BANNER}\nRole: machine learning engineer\n"
    )
    assert out.count("\nQUESTION ") == 9
    scores = [int(s) for s in re.findall(r"^Relevancy Score: (\d+)/100$", out, re.M)]
    assert len(scores) == 9 and all(0 <= s <= 100 for s in scores)
    assert f"Highest Score: {max(scores)}/100" in out and f"Lowest Score: {min(scores)}/100" in out
    for section in ("Strengths:", "Weaknesses:", "Improvement Tips:", "Justification:"):
        assert len(re.findall(f"^{section}$", out, re.M)) == 9
    assert out.rstrip().endswith(BANNER)
    if engine == "hybrid":
        assert len(re.findall(r"\(Rubric \d+, LLM \d+, combined \d+\.\)", out)) == 9


@pytest.mark.llm
def test_json_report_records_model_prompt_and_usage(llm_url: str, cache: Path) -> None:
    import json

    result = panelist(
        "evaluate", "examples/ml-engineer/interview.yaml", "--engine", "llm", "--format", "json",
        "-O", f"base_url={llm_url}", "-O", "model=smollm2", "-O", "max_retries=4",
        cache=cache,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    answers = {i["question"]["id"]: i["answer"] for i in report["interview"]["items"]}
    for evaluation in report["evaluations"]:
        assert evaluation["model"] == "smollm2" and evaluation["prompt_version"]
        assert evaluation["usage"]["prompt_tokens"] > 0
        for point in evaluation["strengths"] + evaluation["weaknesses"]:
            for e in point["evidence"]:
                assert answers[evaluation["question_id"]][e["start"] : e["end"]] == e["quote"]
    # The second run is served from the cache: identical output.
    again = panelist(
        "evaluate", "examples/ml-engineer/interview.yaml", "--engine", "llm", "--format", "json",
        "-O", f"base_url={llm_url}", "-O", "model=smollm2", "-O", "max_retries=4",
        cache=cache,
    )  # fmt: skip
    assert again.stdout == result.stdout


@pytest.mark.llm
def test_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    result = panelist(
        "evaluate", "--engine", "llm", "-O", "base_url=http://127.0.0.1:9/v1", "-O", "max_retries=0",
        cache=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(
        "panelist: error: http://127.0.0.1:9/v1: gave up after 1 attempts"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.llm
def test_question_drafts_follow_the_schema(llm_url: str) -> None:
    """The server is sent the draft schema and its reply fits it (llama.cpp constrains it)."""
    import json

    from panelist.design import plan_interview
    from panelist.design.bank import Kind
    from panelist.design.generate import SCHEMA, messages
    from panelist.llm.client import ChatClient, ClientConfig

    jd = (ROOT / "examples/ml-engineer/job_description.md").read_text(encoding="utf-8")
    plan = plan_interview(jd, n=6)
    technical = next(q for q in plan.questions if q.kind is Kind.TECHNICAL)
    client = ChatClient(
        ClientConfig(base_url=llm_url, model="smollm2", api_key=None, timeout=300, max_retries=4)
    )
    try:
        reply = client.complete(messages(plan, technical), SCHEMA)
    finally:
        client.close()
    assert reply.mode in ("json_schema", "json_object_schema")
    data = json.loads(reply.content, strict=False)
    assert set(data) == {"question", "reference_points"}
    assert 30 <= len(data["question"]) <= 600
    assert 3 <= len(data["reference_points"]) <= 6
    assert all(8 <= len(p) <= 300 for p in data["reference_points"])


@pytest.mark.llm
def test_panelist_questions_with_the_local_model(llm_url: str, tmp_path: Path) -> None:
    from panelist.loaders import load_interview
    from panelist.models import QuestionType

    out = tmp_path / "interview.yaml"
    result = panelist(
        "questions", "examples/ml-engineer/job_description.md", "-n", "6", "--llm",
        "-O", f"base_url={llm_url}", "-O", "model=smollm2", "-O", "max_retries=4",
        "-o", str(out), cache=tmp_path,
    )  # fmt: skip
    assert result.returncode in (0, 3), result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "drafting" in line] == [
        "panelist: drafting Q2_TECHNICAL with the language model",
        "panelist: drafting Q6_TECHNICAL with the language model",
    ]
    problems = [line for line in lines if "warning" in line]
    assert (result.returncode == 3) == bool(problems)
    for line in problems:  # refused for its content, never for its form or the transport
        assert "not drafted (" in line
        for cause in ("not JSON", "does not fit", "HTTP", "gave up", "cannot reach"):
            assert cause not in line, line
    text = out.read_text(encoding="utf-8")
    technical = [
        i.question for i in load_interview(out).items if i.question.type is QuestionType.TECHNICAL
    ]
    assert len(technical) == 2
    drafted = [q for q in technical if not q.reference_points[0].startswith("TODO")]
    assert len(drafted) == 2 - len(problems)
    assert text.count("drafted by smollm2: check them") == len(drafted)
    for q in drafted:
        assert 2 <= len(q.reference_points) <= 8
