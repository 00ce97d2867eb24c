"""The ``panelist questions`` command: a job description in, an interview file out."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from panelist.design.compose import (
    DEFAULT_QUESTIONS,
    MAX_QUESTIONS,
    PlannedQuestion,
    plan_interview,
)
from panelist.design.generate import chat_client, draft_technical
from panelist.design.writer import to_yaml
from panelist.engines.registry import parse_options
from panelist.errors import InputError, PanelistError
from panelist.llm.client import ChatClient
from panelist.textfiles import check_writable, read_text, write_text

#: Exit status when the file was written but some technical questions could not be drafted.
DEGRADED_EXIT = 3
_INTERVIEW = re.compile(r"^questions:\s*$", re.MULTILINE)


def llm_client(pairs: tuple[str, ...]) -> ChatClient:
    """A chat client from the LLM settings and ``-O KEY=VALUE`` options."""
    return chat_client(parse_options(pairs), "-O")


def _announce(question: PlannedQuestion) -> None:
    click.echo(f"panelist: drafting {question.id} with the language model", err=True)


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
@click.option(
    "--llm",
    is_flag=True,
    help="Have the configured language model (PANELIST_LLM_*) write the technical questions "
    "and their reference points.",
)
@click.option(
    "-O",
    "--option",
    "llm_opts",
    multiple=True,
    metavar="KEY=VALUE",
    help="With --llm: an LLM option, e.g. -O model=llama3.1 (repeatable).",
)
def questions(
    job_description: Path,
    count: int,
    output: Path | None,
    role: str | None,
    llm: bool,
    llm_opts: tuple[str, ...],
) -> None:
    """Write an interview file of questions for a job description (Markdown or text).

    Each bullet line of the description is a requirement. The most important ones are matched
    offline to the competencies of the question bank and asked about with a mix of
    past-behaviour, situational and technical questions (about 2:1:1). Technical questions
    get placeholder reference points to fill in, or with --llm a question and reference points
    drafted by the model (checked, and marked for review); every answer is left empty. Exit
    status 3 (with --llm): the file was written, but some technical questions could not be
    drafted and kept their placeholders.
    """
    if llm_opts and not llm:
        raise click.UsageError("-O options are for the language model: add --llm")
    client: ChatClient | None = None
    try:
        if output is not None and output.resolve() == job_description.resolve():
            raise InputError(f"{output}: is the job description; write the interview elsewhere")
        check_writable(output)
        client = llm_client(llm_opts) if llm else None
        text = read_text(job_description)
        if _INTERVIEW.search(text) and re.search(r"^role:", text, re.MULTILINE):
            raise InputError(
                f"{job_description}: is an interview file, not a job description; give the "
                "job description (Markdown or text) it was written from"
            )
        try:
            plan = plan_interview(text, n=count, role=role)
        except InputError as exc:
            raise InputError(f"{job_description}: {exc}") from None
        problems: tuple[str, ...] = ()
        if client is not None:
            generated = draft_technical(plan, client, on_question=_announce)
            plan, problems = generated.plan, generated.problems
        document = to_yaml(plan)
        if output is None:
            click.echo(document, nl=False)
        else:
            write_text(output, document)
    except PanelistError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if client is not None:
            client.close()
    probed = len({q.requirement.text for q in plan.questions})
    if probed < count:
        click.echo(
            f"panelist: warning: {count} questions probe {probed} requirements: some are asked "
            "about more than once (ask for fewer, or list more requirements)",
            err=True,
        )
    for problem in problems:
        click.echo(f"panelist: warning: {problem}", err=True)
    if problems:
        sys.exit(DEGRADED_EXIT)
