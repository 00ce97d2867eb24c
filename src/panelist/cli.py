"""The ``panelist`` command line: evaluate, score, parse, render, engines, bench."""

from __future__ import annotations

import importlib
import json
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from panelist import api
from panelist.engines.base import Engine
from panelist.engines.registry import parse_options
from panelist.errors import InputError, PanelistError
from panelist.loaders import BatchLine, read_batch
from panelist.report import FORMATS, parse_text
from panelist.textfiles import check_writable, read_text, write_text

F = TypeVar("F", bound=Callable[..., Any])
RAISE_ENV = "PANELIST_RAISE_ERRORS"
#: Exit status when every answer was scored but some only in a degraded way.
DEGRADED_EXIT = 3


def output_options(func: F) -> F:
    """The shared ``--format`` and ``-o/--output`` options."""
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to FILE instead of standard output.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(FORMATS)),
        default="text",
        show_default=True,
        help="Report format.",
    )(func)


def engine_options(func: F) -> F:
    """The shared ``--engine`` and ``-O KEY=VALUE`` options."""
    func = click.option(
        "-O",
        "--option",
        "engine_opts",
        multiple=True,
        metavar="KEY=VALUE",
        help="An engine option, e.g. -O model=llama3.1 (repeatable).",
    )(func)
    return click.option(
        "--engine",
        default="judge",
        show_default=True,
        callback=_known_engine,
        help="Scoring engine id (see 'panelist engines').",
    )(func)


def _known_engine(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--engine`` checked against the registry: an unknown id is a usage error (exit 2)."""
    from panelist.engines.registry import get_registry
    from panelist.errors import UnknownEngineError

    known = get_registry().names()
    if value not in known:
        raise click.BadParameter(str(UnknownEngineError(value, known)), ctx, param)
    return value


def _emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output``: either way ending in exactly one newline."""
    text = text.rstrip("\n")
    if output is None:
        click.echo(text)
        return
    write_text(output, text + "\n")


def workers_option(func: F) -> F:
    """The shared ``--workers`` option (at least 1)."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="Answers evaluated in parallel (default: the engine's).",
    )(func)


def length_option(func: F) -> F:
    """The shared ``--max-answer-chars`` option."""
    return click.option(
        "--max-answer-chars",
        type=click.IntRange(min=1),
        default=api.MAX_ANSWER_CHARS,
        show_default=True,
        help="Refuse answers longer than this many characters.",
    )(func)


class _LazyGroup(click.Group):
    """A group whose heavier commands (server, interview design) are imported when used."""

    lazy: ClassVar[dict[str, str]] = {
        "serve": "panelist.server.cli:serve",
        "admin": "panelist.server.cli:admin",
        "questions": "panelist.design.cli:questions",
        "anchors": "panelist.design.anchors_cli:anchors",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The loaded commands and the lazy ones, by name."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing its module first when it is a lazy one."""
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, name = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="panelist")
def cli() -> None:
    """Evaluate job-interview answers: scores, grounded feedback and reports."""


@cli.command()
@click.argument("interview", required=False, type=click.Path(dir_okay=False, path_type=Path))
@engine_options
@output_options
@workers_option
@length_option
@click.option(
    "--files-from",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Also let the interview read files (job description) from this folder.",
)
@click.option(
    "--no-follow-ups",
    "no_follow_ups",
    is_flag=True,
    help="Do not write follow-up questions from each answer's gaps.",
)
def evaluate(
    interview: Path | None,
    engine: str,
    engine_opts: tuple[str, ...],
    fmt: str,
    output: Path | None,
    workers: int | None,
    max_answer_chars: int,
    files_from: Path | None,
    no_follow_ups: bool,
) -> None:
    """Evaluate an interview file (YAML or JSON) and print its report.

    Without INTERVIEW, evaluates the built-in Machine Learning Engineer example. Files the
    interview names are read from its folder only, unless --files-from allows another. Exit
    status 3: the report is written, but some answers only in a degraded way (e.g. hybrid fell
    back to the rubric).
    """
    check_writable(output)
    source = api.load_interview(interview or api.example_path(), files_from=files_from)
    grader = api.get_engine(engine, **parse_options(engine_opts))
    with _progress(len(source.items), "Evaluating") as bar:
        report = api.evaluate_interview(
            source,
            grader,
            workers=workers,
            on_evaluation=lambda _: bar.update(1),
            max_answer_chars=max_answer_chars,
            follow_ups=not no_follow_ups,
        )
    _emit(api.render(report, fmt), output)
    _notes(grader)
    empty = [item.question.id for item in source.items if not item.answer.strip()]
    if empty:
        click.echo(
            f"panelist: warning: {len(empty)} of {len(source.items)} answers are empty "
            f"({', '.join(empty[:5])}{', ...' if len(empty) > 5 else ''}): scored as non-answers",
            err=True,
        )
    if grader.degraded():
        sys.exit(DEGRADED_EXIT)


@cli.command()
@click.argument("items", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSONL to FILE instead of standard output.",
)
@engine_options
@workers_option
@length_option
@click.option("--follow-ups", is_flag=True, help="Add follow-up questions to each record.")
def score(
    items: Path,
    output: Path | None,
    engine: str,
    engine_opts: tuple[str, ...],
    workers: int | None,
    max_answer_chars: int,
    follow_ups: bool,
) -> None:
    """Score a JSONL batch of answers; one JSON result per input line.

    Each line needs id, question and answer. A bad line gives {"id": ..., "error": ...} in the
    output, the others are still scored, and the exit status is 1. Exit status 3: every line
    was scored, but some only in a degraded way (e.g. hybrid fell back to the rubric).
    """
    check_writable(output)
    lines = list(read_batch(items))
    grader = api.get_engine(engine, **parse_options(engine_opts))
    try:
        sink = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    failures: list[str] = []
    written = 0
    try:
        with _progress(len(lines), "Scoring") as bar:

            def done(record: dict[str, Any]) -> None:
                nonlocal written
                try:
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                    sink.flush()
                except OSError as exc:
                    where = output or "standard output"
                    raise InputError(
                        f"{where}: cannot write after {written} results: {exc.strerror or exc}"
                    ) from None
                written += 1
                if "error" in record:
                    failures.append(str(record["error"]))
                bar.update(1)

            for _ in api.score_lines(
                lines,
                grader,
                workers=workers,
                on_result=done,
                max_answer_chars=max_answer_chars,
                follow_ups=follow_ups,
            ):
                pass
    finally:
        if output:
            sink.close()
    _notes(grader)
    _warn_ignored_fields(lines)
    _warn_repeated_ids(lines)
    if failures:
        rest = "none was scored" if len(failures) == len(lines) else "the others were scored"
        click.echo(
            f"panelist: {items}: {len(failures)} of {len(lines)} lines failed "
            f"(first: {failures[0]}); {rest}",
            err=True,
        )
        sys.exit(1)
    click.echo(f"panelist: scored {len(lines)} answers", err=True)
    if grader.degraded():
        sys.exit(DEGRADED_EXIT)


#: Lines whose misspelt-looking fields are warned about one by one; the rest are counted.
MAX_FIELD_WARNINGS = 5


def _warn_ignored_fields(lines: list[BatchLine]) -> None:
    """Warn about fields ignored because they look like a misspelt one ("refernce_points")."""
    warned = [warning for line in lines for warning in line.warnings]
    for warning in warned[:MAX_FIELD_WARNINGS]:
        click.echo(f"panelist: warning: {warning}", err=True)
    if len(warned) > MAX_FIELD_WARNINGS:
        click.echo(
            f"panelist: warning: and {len(warned) - MAX_FIELD_WARNINGS} more fields that look "
            "misspelt; ignored",
            err=True,
        )


def _warn_repeated_ids(lines: list[BatchLine]) -> None:
    """Warn when lines share an id: their records cannot be told apart by it."""
    seen: dict[str, list[int]] = {}
    for line in lines:
        if line.id is not None:
            seen.setdefault(line.id, []).append(line.number)
    repeated = {k: v for k, v in seen.items() if len(v) > 1}
    if repeated:
        name, numbers = next(iter(repeated.items()))
        click.echo(
            f"panelist: warning: {len(repeated)} id(s) used on more than one line (first: "
            f"{name!r} on lines {', '.join(map(str, numbers[:5]))}): their records cannot be "
            "told apart by id",
            err=True,
        )


def _notes(grader: Engine) -> None:
    """Print the engine's closing notes (fallbacks, an open circuit) on stderr."""
    for note in grader.notes():
        click.echo(f"panelist: warning: {note}", err=True)


@cli.command()
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSON to FILE instead of standard output.",
)
def parse(report: Path, output: Path | None) -> None:
    """Parse a text report (the reference layout) into JSON."""
    parsed = parse_text(_read(report), str(report))
    _emit(api.render(parsed, "json"), output)


@cli.command()
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@output_options
def render(report: Path, fmt: str, output: Path | None) -> None:
    """Render a saved JSON report in another format."""
    from pydantic import ValidationError

    from panelist.loaders import describe_validation
    from panelist.models import Report

    try:
        parsed = Report.model_validate_json(_read(report))
    except ValidationError as exc:
        raise InputError(
            f"{report}: not a Panelist JSON report: {describe_validation(exc)}"
        ) from None
    _emit(api.render(parsed, fmt), output)


@cli.command()
def engines() -> None:
    """List the scoring engines with their versions."""
    from panelist.engines.registry import get_registry

    registry = get_registry()
    for name in registry.names():
        cls = registry.get(name)
        click.echo(f"{name:10s} {cls.version:8s} {cls.description}")


@cli.command()
@click.argument("items", type=click.Path(dir_okay=False, path_type=Path))
@engine_options
@click.option(
    "--anchors", is_flag=True, help="SemEval: use other answers to the same question as anchors."
)
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N items.")
def bench(
    items: Path, engine: str, engine_opts: tuple[str, ...], anchors: bool, limit: int | None
) -> None:
    """Measure an engine's agreement with the labels of a graded JSONL file."""
    from panelist.bench import run_bench

    click.echo(
        run_bench(
            items,
            api.get_engine(engine, **parse_options(engine_opts)),
            anchors=anchors,
            limit=limit,
        )
    )


class _Quiet:
    """A progress bar that shows nothing, for when stderr is not a terminal."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, steps: int) -> None:
        """Ignore progress."""


def _progress(length: int, label: str) -> Any:
    """A progress bar on stderr when it is a terminal; nothing in pipes, logs and CI."""
    if not sys.stderr.isatty():
        return _Quiet()
    return click.progressbar(length=length, label=label, file=sys.stderr)


def _read(path: Path) -> str:
    return read_text(path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _warn(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Warnings as one line on stderr, like errors."""
    click.echo(f"panelist: warning: {_one_line(str(message))}", err=True)


def main() -> None:
    """Run the CLI, turning Panelist errors into one line and a non-zero exit."""
    if not os.environ.get(RAISE_ENV):
        warnings.showwarning = _warn
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("panelist: aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "panelist"
        click.echo(
            f"panelist: error: {_one_line(exc.format_message())} (see: {command} --help)", err=True
        )
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"panelist: error: {_one_line(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. | head); nothing more to say
        sys.exit(141)
    except (PanelistError, OSError) as exc:
        if os.environ.get(RAISE_ENV):
            raise
        click.echo(f"panelist: error: {_one_line(str(exc))}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("panelist: interrupted", err=True)
        sys.exit(130)


__all__ = ["cli", "main"]
