"""Load on the server over loopback: many candidates submitting at the same moment.

Starts ``panelist serve`` on 127.0.0.1 (a fresh SQLite file by default; ``--database-url`` for
PostgreSQL, an existing, empty database), makes an admin, a job with the example question set
and N invitations; each candidate opens the link and saves drafts, then all N submit at once
(threads released by one barrier). Waits, bounded by ``--timeout``, for every report, then
prints the submissions' latency (p50, p95, max), whether every answer was stored and every
report produced, and the times taken. Every request goes to the loopback server only, and
every loop is bounded in count and time.

Run: .venv/bin/python benchmarks/server_load.py [--candidates 50] [--engine rubric]
     [--database-url postgresql+psycopg://...] [--timeout 300]
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from panelist.loaders import example_path, load_interview

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "panelist" / "examples" / "ml-engineer"
EMAIL = "load@example.org"
PASSWORD = "load-test-password"
FINAL = {"evaluated", "failed"}


@dataclass
class Figures:
    """What one run measured."""

    candidates: int
    questions: int
    submit_seconds: list[float] = field(default_factory=list)
    answers_stored: int = 0
    reports: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    setup_seconds: float = 0.0
    submit_wall_seconds: float = 0.0
    evaluation_seconds: float = 0.0

    @property
    def all_stored(self) -> bool:
        return self.answers_stored == self.candidates * self.questions

    @property
    def all_reported(self) -> bool:
        return self.reports == self.candidates

    def percentile(self, q: float) -> float:
        """The nearest-rank ``q`` quantile of the submit latencies, in seconds."""
        ordered = sorted(self.submit_seconds)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")

    def lines(self) -> list[str]:
        ms = 1000
        return [
            f"candidates            {self.candidates} ({self.questions} questions each)",
            f"submit latency        p50 {self.percentile(0.5) * ms:.0f} ms, "
            f"p95 {self.percentile(0.95) * ms:.0f} ms, max {max(self.submit_seconds) * ms:.0f} ms",
            f"answers stored        {self.answers_stored} of {self.candidates * self.questions}"
            f" ({'all' if self.all_stored else 'MISSING SOME'})",
            f"reports produced      {self.reports} of {self.candidates}"
            f" ({'all' if self.all_reported else 'MISSING SOME'})",
            f"statuses              {dict(sorted(self.statuses.items()))}",
            f"setup                 {self.setup_seconds:.1f} s (job, question set, invitations,"
            " drafts)",
            f"all submits           {self.submit_wall_seconds:.2f} s",
            f"evaluation            {self.evaluation_seconds:.1f} s (submits to the last report)",
            f"total                 "
            f"{self.setup_seconds + self.submit_wall_seconds + self.evaluation_seconds:.1f} s",
        ]


def _check(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:200]}"
        )
    return response


def run_load(base_url: str, token: str, candidates: int, timeout: float = 300) -> Figures:
    """Set up a job and ``candidates`` invitations, submit them all at once, wait for reports."""
    example = load_interview(example_path())
    answers = {item.question.id: item.answer for item in example.items}
    figures = Figures(candidates, len(answers))
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url + "/api/v1", headers=headers, timeout=120) as api:
        description = (EXAMPLE / "job_description.md").read_text(encoding="utf-8")
        job = _check(api.post("/jobs", json={"title": "Load", "description": description}), 201)
        job_id = job.json()["id"]
        yaml_text = (EXAMPLE / "interview.yaml").read_bytes()
        qset = _check(api.post(f"/jobs/{job_id}/question-sets/import", content=yaml_text), 201)
        tokens = []
        for n in range(candidates):
            person = _check(api.post("/candidates", json={"name": f"Candidate {n + 1:03d}"}), 201)
            invited = api.post(
                "/interviews",
                json={"question_set_id": qset.json()["id"], "candidate_id": person.json()["id"]},
            )
            tokens.append(_check(invited, 201).json()["token"])

        barrier = threading.Barrier(candidates, timeout=120)

        def candidate(invite: str) -> tuple[float, float]:
            """Open the link, save every draft, then submit with the others: (start, end)."""
            with httpx.Client(base_url=base_url + "/api/v1", timeout=120) as client:
                _check(client.get(f"/invite/{invite}"), 200)
                for qid, text in answers.items():
                    _check(client.put(f"/invite/{invite}/drafts/{qid}", json={"text": text}), 200)
                barrier.wait()
                moment = time.perf_counter()
                _check(client.post(f"/invite/{invite}/submit"), 202)
                return moment, time.perf_counter()

        with ThreadPoolExecutor(max_workers=candidates) as pool:
            futures = [pool.submit(candidate, t) for t in tokens]
            spans = [f.result(timeout=timeout) for f in futures]
        figures.submit_seconds = [end - start for start, end in spans]
        first, submitted = min(s for s, _ in spans), max(e for _, e in spans)
        figures.submit_wall_seconds = submitted - first
        figures.setup_seconds = first - started

        deadline = time.monotonic() + timeout
        while True:
            listed = _check(api.get(f"/jobs/{job_id}/interviews"), 200).json()
            done = [i for i in listed if i["status"] in FINAL]
            if len(done) == candidates or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        figures.evaluation_seconds = time.perf_counter() - submitted
        figures.statuses = Counter(i["status"] for i in listed)
        figures.answers_stored = sum(i["progress"]["answers"] for i in listed)
        figures.reports = sum(
            api.get(f"/interviews/{i['id']}/report").status_code == 200 for i in listed
        )
    return figures


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(database_url: str, engine: str, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data),
        "PANELIST_DATABASE_URL": database_url,
        "PANELIST_SECRET_KEY": "load-test-secret",
        "PANELIST_SERVER_ENGINE": engine,
        "PANELIST_SERVER_POLL_SECONDS": "0.1",
    }
    command = [
        sys.executable,
        "-m",
        "panelist.server",
        "admin",
        "create",
        "--email",
        EMAIL,
        "--organisation",
        "Load",
        "--password-stdin",
    ]
    subprocess.run(
        command,
        input=f"{PASSWORD}\n".encode(),
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    log = (data / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "panelist.server",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped; see {data / 'server.log'}")
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--engine", default="rubric", help="scoring engine id [rubric]")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for reports")
    args = parser.parse_args()
    if not 1 <= args.candidates <= 500:
        parser.error("--candidates: from 1 to 500")
    with tempfile.TemporaryDirectory(prefix="panelist-load-") as folder:
        data = Path(folder)
        url = args.database_url or f"sqlite:///{data / 'load.db'}"
        server, base = _serve(url, args.engine, data)
        try:
            signin = {"email": EMAIL, "password": PASSWORD, "scopes": ["read", "write"]}
            token = _check(httpx.post(base + "/api/v1/auth/token", json=signin), 201).json()
            kind = url.split(":", 1)[0]
            print(
                f"server {base}, database {kind}, engine {args.engine}, {os.cpu_count()} cores",
                flush=True,
            )
            figures = run_load(base, token["token"], args.candidates, args.timeout)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    for line in figures.lines():
        print(line)
    return 0 if figures.all_stored and figures.all_reported else 1


if __name__ == "__main__":
    sys.exit(main())
