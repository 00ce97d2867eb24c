"""``panelist questions``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from panelist.design import compose_interview
from panelist.design.cli import questions
from panelist.loaders import load_interview
from tests.design.sources import EXAMPLE_JD


def test_writes_the_interview_file(tmp_path: Path) -> None:
    out = tmp_path / "interview.yaml"
    result = CliRunner().invoke(questions, [str(EXAMPLE_JD), "-n", "4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    jd = EXAMPLE_JD.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == compose_interview(jd, n=4)
    assert len(load_interview(out).items) == 4


def test_prints_to_standard_output_with_a_role() -> None:
    result = CliRunner().invoke(questions, [str(EXAMPLE_JD), "--role", "ML engineer"])
    assert result.exit_code == 0
    jd = EXAMPLE_JD.read_text(encoding="utf-8")
    assert result.output == compose_interview(jd, role="ML engineer")


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(questions, [str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {tmp_path / 'nope.md'}: no such file"]


def test_description_without_bullets_is_a_one_line_error(tmp_path: Path) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text("# Analyst\n\nWe want someone who analyses data well.\n", encoding="utf-8")
    result = CliRunner().invoke(questions, [str(jd)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {jd}: the job description has no requirements")


def test_bad_n_is_a_usage_error() -> None:
    result = CliRunner().invoke(questions, [str(EXAMPLE_JD), "-n", "0"])
    assert result.exit_code == 2
    assert "-n" in result.output


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(questions, ["--help"])
    assert result.exit_code == 0
    assert "interview file" in result.output


def test_more_questions_than_requirements_is_said(tmp_path: Path) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text(
        "# Analyst\n- Analyse sales data in SQL\n- Present findings to managers\n", encoding="utf-8"
    )
    result = CliRunner().invoke(questions, [str(jd), "-n", "5"])
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        "panelist: warning: 5 questions probe 2 requirements: some are asked about more than "
        "once (ask for fewer, or list more requirements)"
    )
