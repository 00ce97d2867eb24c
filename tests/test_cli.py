"""The command line as a user runs it: a real subprocess for the console script, CliRunner elsewhere."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from panelist.cli import cli
from tests.conftest import ROOT, SEED_REPORT

BANNER = "=" * 70


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "panelist", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_evaluate_the_built_in_example_prints_the_reference_layout() -> None:
    result = run("evaluate")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(
        f"{BANNER}\nINTERVIEW REPORT\n{BANNER}\nRole: machine learning engineer\n"
    )
    assert out.count("QUESTION ") == 9
    scores = [int(s) for s in re.findall(r"^Relevancy Score: (\d+)/100$", out, re.M)]
    assert len(scores) == 9 and len(set(scores)) > 3
    assert f"Highest Score: {max(scores)}/100" in out
    assert f"Lowest Score: {min(scores)}/100" in out
    assert out.rstrip().endswith(BANNER)


def test_evaluate_writes_markdown_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    example = str(ROOT / "examples" / "ml-engineer" / "interview.yaml")
    md = tmp_path / "r.md"
    assert runner.invoke(cli, ["evaluate", example, "--format", "md", "-o", str(md)]).exit_code == 0
    assert md.read_text().startswith("# Interview report: machine learning engineer")
    result = runner.invoke(cli, ["evaluate", example, "--format", "json"])
    report = json.loads(result.stdout)
    assert len(report["evaluations"]) == 9


def test_parse_then_render_gives_the_reference_back(tmp_path: Path) -> None:
    parsed, text = tmp_path / "r.json", tmp_path / "r.txt"
    assert run("parse", str(SEED_REPORT), "-o", str(parsed)).returncode == 0
    assert run("render", str(parsed), "--format", "text", "-o", str(text)).returncode == 0
    assert text.read_bytes() == SEED_REPORT.read_bytes() + b"\n"  # one final newline, as stdout


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_output_files_end_with_one_newline_like_stdout(tmp_path: Path, fmt: str) -> None:
    runner, out = CliRunner(), tmp_path / "r"
    args = ["evaluate", "--engine", "rubric", "--format", fmt]
    printed = runner.invoke(cli, args)
    assert runner.invoke(cli, [*args, "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == printed.stdout_bytes
    assert out.read_bytes().endswith(b"\n") and not out.read_bytes().endswith(b"\n\n")


def test_parse_reads_a_report_whose_answer_has_a_score_line(tmp_path: Path) -> None:
    interview, report = tmp_path / "i.yaml", tmp_path / "r.txt"
    answer = "I set up Grafana alerts for CPU and memory.\n\nRelevancy Score: 100/100"
    interview.write_text(
        "role: sre\nquestions:\n  - id: Q1\n    text: How do you alert?\n"
        f"    answer: {json.dumps(answer)}\n"
    )
    runner = CliRunner()
    args = ["evaluate", str(interview), "--engine", "rubric", "-o", str(report)]
    assert runner.invoke(cli, args).exit_code == 0
    parsed = runner.invoke(cli, ["parse", str(report)])
    assert parsed.exit_code == 0, parsed.output
    data = json.loads(parsed.stdout)
    assert data["interview"]["items"][0]["answer"] == answer
    assert data["evaluations"][0]["score"] < 100


def test_score_keeps_going_past_bad_lines(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    good = {"id": "g1", "question": "Tell me about a production incident you handled.",
            "answer": "I was on call when our API started timing out. I rolled back the release, "
                      "found a missing index in the logs, and added a load test to CI. Errors stopped within 20 minutes."}  # fmt: skip
    items.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{broken",
                json.dumps({"id": "x", "question": "Q"}),
                json.dumps({**good, "id": "g2"}),
            ]
        )
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    result = run("score", str(items), "-o", str(out))
    assert result.returncode == 1
    assert f"{items}: 2 of 4 lines failed (first: line 2: invalid JSON" in result.stderr
    assert "(column 2)" in result.stderr  # where on the line, not a sentence cut short
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["g1", None, "x", "g2"]
    assert records[1]["error"].startswith("line 2: invalid JSON")
    assert records[2]["error"] == "line 3: field answer: Field required"
    for record in (records[0], records[3]):
        assert set(record) >= {
            "score",
            "criteria",
            "strengths",
            "weaknesses",
            "improvement_tips",
            "justification",
            "flags",
            "engine",
        }
        assert 0 <= record["score"] <= 100 and record["engine"] == "judge"


def test_score_warns_when_lines_share_an_id_and_scores_them_all(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    line = {"id": "a", "question": "Why?", "answer": "Because I measured it."}
    items.write_text("".join(json.dumps(x) + "\n" for x in (line, {**line, "id": "b"}, line)))
    result = run("score", str(items))
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a", "b", "a"]
    assert (
        "panelist: warning: 1 id(s) used on more than one line (first: 'a' on lines 1, 3)"
        in result.stderr
    )


def test_score_warns_about_a_misspelt_optional_field_and_scores_the_line(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    line = {"id": "a", "question": "What is a p95?", "answer": "The 95th percentile latency."}
    typo = {**line, "id": "b", "refernce_points": ["percentile"], "notes": "x"}
    items.write_text("".join(json.dumps(x) + "\n" for x in (line, typo)))
    result = CliRunner().invoke(cli, ["score", str(items), "--engine", "rubric"])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"] and "score" in records[1]
    assert (
        "panelist: warning: line 2: unknown field 'refernce_points' "
        "(did you mean 'reference_points'?); ignored\n"
    ) in result.stderr
    assert "notes" not in result.stderr


def test_score_succeeds_on_a_clean_file(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": 1, "question": "Why?", "answer": "Because I measured it."}) + "\n"
    )
    result = run("score", str(items))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "missing.yaml"], "panelist: error: missing.yaml: no such file"),
        (["render", "README.md"], "panelist: error: README.md: not a Panelist JSON report"),
        (["parse", "README.md"], "panelist: error: README.md, line 1: expected"),
        (
            ["evaluate", "-O", "novalue"],
            "panelist: error: engine option 'novalue' is not KEY=VALUE",
        ),
        (
            ["evaluate", "-O", "colour=red"],
            "panelist: error: engine 'judge' options: colour: Extra inputs",
        ),
    ],
)
def test_errors_are_one_line_without_traceback(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["evaluate", "score", "bench"])
def test_an_unknown_engine_is_a_usage_error(tmp_path: Path, command: str) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text("")
    args = [command] if command == "evaluate" else [command, str(items)]
    result = run(*args, "--engine", "nope")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "panelist: error: Invalid value for '--engine': unknown engine 'nope'; known engines: "
        "hybrid, judge, llm, rubric (see: "
    )
    assert len(result.stderr.splitlines()) == 1


def test_engines_lists_versions() -> None:
    result = run("engines")
    assert re.search(r"^rubric\s+\d+\.\d+", result.stdout, re.M)


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"evaluate", "score", "serve", "admin", "questions", "anchors"} <= set(names)
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.help, name
        assert f"`panelist {name}" in readme, name


def test_render_of_a_saved_report_matches_evaluate(tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    direct = run("evaluate")
    assert run("evaluate", "--format", "json", "-o", str(saved)).returncode == 0
    assert run("render", str(saved)).stdout == direct.stdout


GRADED = [
    (
        "I rolled back the release within ten minutes, found the missing index in the slow-query log, added it, and added a latency check to CI; p95 went from 900 ms to 180 ms.",
        90,
    ),
    ("We had an incident once and the team fixed it.", 30),
    ("I don't know, sorry. Next question please.", 3),
    (
        "I checked the dashboards, restarted the pods and the errors stopped after about an hour.",
        55,
    ),
]


def test_bench_reports_agreement_on_a_graded_file(tmp_path: Path) -> None:
    items = tmp_path / "graded.jsonl"
    items.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": str(i),
                    "question": "Tell me about a production incident you handled.",
                    "answer": a,
                    "score": s,
                    "style": "x",
                }
            )
            for i, (a, s) in enumerate(GRADED)
        )
    )
    result = run("bench", str(items))
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"Pearson -?\d\.\d{3}  Spearman -?\d\.\d{3}  QWK -?\d\.\d{3}  MAE \d+\.\d  SMD [+-]\d\.\d{3}",
        result.stdout,
    )
    assert "mean score by style (engine / label):" in result.stdout


def test_bench_reports_auc_on_a_semeval_file(tmp_path: Path) -> None:
    rows = [
        ("the bulb and the battery are in a closed path", "correct"),
        ("the circuit is closed so current flows through the bulb", "correct"),
        ("because the bulb is bright", "incorrect"),
        ("the battery is not connected to the bulb", "contradictory"),
    ]
    items = tmp_path / "sem.jsonl"
    items.write_text(
        "\n".join(
            json.dumps({"id": str(i), "question_id": "Q", "question": "Why does bulb A light up?",
                        "reference_answer": "Bulb A is in a closed path with the battery",
                        "reference_answers": [{"text": "Bulb A is in a closed path with the battery"}],
                        "answer": a, "label_2way": "correct" if lab == "correct" else "incorrect", "label_3way": lab})
            for i, (a, lab) in enumerate(rows)
        )
    )  # fmt: skip
    for extra in ([], ["--anchors"]):
        result = run("bench", str(items), *extra)
        assert result.returncode == 0, result.stderr
        assert re.search(r"ROC AUC \(correct vs rest\): \d\.\d{3}", result.stdout)
        assert "macro-F1 at score >= 55" in result.stdout
