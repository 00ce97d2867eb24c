"""The ``panelist anchors`` command: scored answers in, anchors per question out (YAML)."""

from __future__ import annotations

from pathlib import Path

import click

from panelist.design.anchors import (
    BANDS,
    DEFAULT_PER_QUESTION,
    anchors_yaml,
    choose_anchors,
    merge_into_interview,
    read_scored,
)
from panelist.errors import InputError, PanelistError
from panelist.loaders import load_interview
from panelist.textfiles import write_text


def _check_output(output: Path | None) -> None:
    """Refuse, before any work, an output file in a missing folder or that is a folder."""
    if output is None:
        return
    if output.is_dir():
        raise InputError(f"{output}: is a directory; give a file name")
    if not output.parent.is_dir():
        raise InputError(f"{output}: cannot write: folder {output.parent} does not exist")


def _warn(message: str) -> None:
    click.echo(f"panelist: warning: {message}", err=True)


@click.command()
@click.argument("scored", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The batch file 'panelist score' read, to join its records to their answers by id "
    "(its 0-100 'score' labels, when present, win over the engine's scores).",
)
@click.option(
    "--per-question",
    "per_question",
    type=click.IntRange(2, len(BANDS)),
    default=DEFAULT_PER_QUESTION,
    show_default=True,
    help="Anchors per question, at most one per level.",
)
@click.option(
    "--interview",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write this interview file with the anchors added to its matching questions.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the YAML to FILE instead of standard output.",
)
def anchors(
    scored: Path,
    answers: Path | None,
    per_question: int,
    interview: Path | None,
    output: Path | None,
) -> None:
    """Build anchors (example answers per level) from answers scored before.

    SCORED is JSONL: graded batch lines (question, answer and the 0-100 'score' a person
    gave), or the output of 'panelist score' with the batch it scored given as --answers.
    For each question (its question_id, else its text), one answer per level (0-14, 15-34,
    35-54, 55-74, 75-89, 90-100): the one closest to the level's middle, never one the guard
    flags, a near-duplicate, one over the length limit or, above the lowest level, one under
    15 words. A question with usable answers at fewer than two levels gets none (a warning
    says so). Prints a mapping question -> anchors, or with --interview the interview file
    with the anchors added.
    """
    try:
        _check_output(output)
        if interview is not None:
            load_interview(interview)  # a bad interview fails before any work
        read = read_scored(scored, answers)
        if read.failed_lines:
            lines = ", ".join(str(n) for n in read.failed_lines[:5])
            more = ", ..." if len(read.failed_lines) > 5 else ""
            _warn(
                f"{scored}: {len(read.failed_lines)} error record(s) of 'panelist score' "
                f"(line {lines}{more}) have no score and were left out"
            )
        if not read.answers:
            raise InputError(f"{scored}: no scored answers")
        results = choose_anchors(read.answers, per_question=per_question)
        for result in results:
            if not result.usable:
                _warn(result.warning())
        usable = [r for r in results if r.usable]
        if not usable:
            raise InputError(
                f"{scored}: no question has usable answers at two levels or more; nothing to write"
            )
        if interview is None:
            text = anchors_yaml(results, scored.name)
            summary = f"anchors for {len(usable)} of {len(results)} questions"
        else:
            merged = merge_into_interview(interview, results, scored.name)
            if merged.unmatched:
                _warn(
                    f"{len(merged.unmatched)} question(s) of {scored} match no question of "
                    f"{interview} (by id or text), their anchors are not written: "
                    + "; ".join(repr(k) for k in merged.unmatched)
                )
            text = merged.text
            summary = (
                f"added {sum(merged.added.values())} anchors to {len(merged.added)} "
                f"question(s) of {interview}"
            )
        if output is None:
            click.echo(text, nl=False)
        else:
            write_text(output, text)
        click.echo(f"panelist: {summary}", err=True)
    except PanelistError as exc:
        raise click.ClickException(str(exc)) from None
