"""The ``panelist questions`` command: a job description in, an interview file out."""

from __future__ import annotations

from pathlib import Path

import click

from panelist.design.compose import DEFAULT_QUESTIONS, MAX_QUESTIONS, plan_interview
from panelist.design.writer import to_yaml
from panelist.errors import InputError, PanelistError
from panelist.textfiles import read_text


def _write(text: str, output: Path) -> None:
    if output.is_dir():
        raise InputError(f"{output}: is a directory; give a file name")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None


@click.command()
@click.argument("job_description", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-n",
    "count",
    type=click.IntRange(1, MAX_QUESTIONS),
    default=DEFAULT_QUESTIONS,
    show_default=True,
    help="Number of questions.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the interview file to FILE instead of standard output.",
)
@click.option("--role", help="The role's name (default: the description's first heading).")
def questions(job_description: Path, count: int, output: Path | None, role: str | None) -> None:
    """Write an interview file of questions for a job description (Markdown or text).

    Each bullet line of the description is a requirement. The most important ones are matched
    offline to the competencies of the question bank and asked about with a mix of
    past-behaviour, situational and technical questions (about 2:1:1). Technical questions
    get placeholder reference points to fill in; every answer is left empty.
    """
    try:
        text = read_text(job_description)
        try:
            plan = plan_interview(text, n=count, role=role)
        except InputError as exc:
            raise InputError(f"{job_description}: {exc}") from None
        document = to_yaml(plan)
        if output is None:
            click.echo(document, nl=False)
        else:
            _write(document, output)
    except PanelistError as exc:
        raise click.ClickException(str(exc)) from None
