"""The ``panelist`` command line: evaluate, score, parse, render, engines, bench."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from panelist import api
from panelist.errors import InputError, PanelistError
from panelist.loaders import read_batch
from panelist.report import FORMATS, parse_text

F = TypeVar("F", bound=Callable[..., Any])
RAISE_ENV = "PANELIST_RAISE_ERRORS"


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
        help="Scoring engine id (see 'panelist engines').",
    )(func)


def _parse_options(pairs: tuple[str, ...]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"engine option {pair!r} is not KEY=VALUE")
        try:
            options[key.replace("-", "_")] = json.loads(value)
        except json.JSONDecodeError:
            options[key.replace("-", "_")] = value
    return options


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text.rstrip("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="panelist")
def cli() -> None:
    """Evaluate job-interview answers: scores, grounded feedback and reports."""


@cli.command()
@click.argument("interview", required=False, type=click.Path(dir_okay=False, path_type=Path))
@engine_options
@output_options
@click.option("--workers", type=int, help="Answers evaluated in parallel (default: the engine's).")
def evaluate(
    interview: Path | None,
    engine: str,
    engine_opts: tuple[str, ...],
    fmt: str,
    output: Path | None,
    workers: int | None,
) -> None:
    """Evaluate an interview file (YAML or JSON) and print its report.

    Without INTERVIEW, evaluates the built-in Machine Learning Engineer example.
    """
    source = api.load_interview(interview or api.example_path())
    grader = api.get_engine(engine, **_parse_options(engine_opts))
    with _progress(len(source.items), "Evaluating") as bar:
        report = api.evaluate_interview(
            source, grader, workers=workers, on_evaluation=lambda _: bar.update(1)
        )
    _emit(api.render(report, fmt), output)


@cli.command()
@click.argument("items", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSONL to FILE instead of standard output.",
)
@engine_options
@click.option("--workers", type=int, help="Answers scored in parallel (default: the engine's).")
def score(
    items: Path, output: Path | None, engine: str, engine_opts: tuple[str, ...], workers: int | None
) -> None:
    """Score a JSONL batch of answers; one JSON result per input line.

    Each line needs id, question and answer. A bad line gives {"id": ..., "error": ...} in the
    output, the others are still scored, and the exit status is 1.
    """
    lines = list(read_batch(items))
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    failures: list[str] = []
    try:
        with _progress(len(lines), "Scoring") as bar:

            def done(record: dict[str, Any]) -> None:
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                sink.flush()
                if "error" in record:
                    failures.append(str(record["error"]))
                bar.update(1)

            for _ in api.score_lines(
                lines, engine, workers=workers, on_result=done, **_parse_options(engine_opts)
            ):
                pass
    finally:
        if output:
            sink.close()
    if failures:
        rest = "none was scored" if len(failures) == len(lines) else "the others were scored"
        click.echo(
            f"panelist: {len(failures)} of {len(lines)} lines failed "
            f"(first: {failures[0]}); {rest}",
            err=True,
        )
        sys.exit(1)
    click.echo(f"panelist: scored {len(lines)} answers", err=True)


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
@click.option("--limit", type=int, help="Use only the first N items.")
def bench(
    items: Path, engine: str, engine_opts: tuple[str, ...], anchors: bool, limit: int | None
) -> None:
    """Measure an engine's agreement with the labels of a graded JSONL file."""
    from panelist.bench import run_bench

    click.echo(
        run_bench(
            items,
            api.get_engine(engine, **_parse_options(engine_opts)),
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
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def main() -> None:
    """Run the CLI, turning Panelist errors into one line and a non-zero exit."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("panelist: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except PanelistError as exc:
        if os.environ.get(RAISE_ENV):
            raise
        click.echo(f"panelist: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("panelist: interrupted", err=True)
        sys.exit(130)


__all__ = ["cli", "main"]
