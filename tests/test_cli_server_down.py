"""A batch against a dead LLM server, as a user runs it: stops fast, says so in one line."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINES = 200


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _batch(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    line = {"question": "Tell me about a deadline you missed.", "answer": "I planned badly."}
    path.write_text("".join(json.dumps({"id": f"a{i}", **line}) + "\n" for i in range(LINES)))
    return path


def _score(tmp_path: Path, engine: str) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    out = tmp_path / f"{engine}.jsonl"
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    args = [sys.executable, "-m", "panelist", "score", str(_batch(tmp_path)), "-o", str(out)]
    args += ["--engine", engine, "-O", f"base_url={url}", "-O", "backoff=0", "-O", "cache=false"]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    return result, [json.loads(line) for line in out.read_text().splitlines()]


def test_llm_batch_stops_at_the_breaker_and_reports_every_line(tmp_path: Path) -> None:
    result, records = _score(tmp_path, "llm")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    warning, summary = result.stderr.strip().splitlines()
    assert warning.startswith("panelist: warning: LLM server http://127.0.0.1:")
    assert "unreachable after 3 consecutive failures (connection refused)" in warning
    assert f"{LINES} of {LINES} lines failed" in summary
    assert len(records) == LINES and all("error" in r for r in records)
    assert all("not scored" in r["error"] for r in records[-100:])


def test_hybrid_fallbacks_are_counted_and_exit_3(tmp_path: Path) -> None:
    result, records = _score(tmp_path, "hybrid")
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(f"{LINES} of {LINES} answers fell back to the rubric" in x for x in lines), lines
    assert lines[-1] == f"panelist: scored {LINES} answers"
    assert all("llm_failed" in {f["code"] for f in r["flags"]} for r in records)


def test_an_interview_whose_answers_fell_back_exits_3_after_its_report(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    args = [sys.executable, "-m", "panelist", "evaluate", "--engine", "hybrid"]
    args += ["-O", f"base_url={url}", "-O", "backoff=0", "-O", "cache=false"]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 3, result.stderr
    assert "9 of 9 answers fell back to the rubric" in result.stderr
    assert result.stdout.rstrip().endswith("=" * 70)  # the whole report, then the status
