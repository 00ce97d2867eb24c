"""Every command, given bad input, fails in one line on stderr with a non-zero exit.

The table runs the real entry point (``panelist.cli.main``) in-process: one line that starts
with ``panelist: error:`` and names the problem, no traceback, nothing on stdout.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from pathlib import Path

import pytest

from panelist.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "ml-engineer" / "interview.yaml"
GOOD_LINE = json.dumps({"id": "a", "question": "Why?", "answer": "Because it was measured."})


def _interview(body: str, jd: str = "job_description: Build models.") -> str:
    return f"role: r\n{jd}\nquestions:\n  - id: Q1\n    text: Why?\n{body}"


def _files(tmp: Path) -> dict[str, Path]:
    """Bad (and a few good) files used by the table."""
    (tmp / "secret.md").write_text("TOP SECRET salary bands")
    box = tmp / "box"
    box.mkdir()
    files = {
        "dup": _interview("    answer: first\n    answer: second\n"),
        "up_file": _interview("    answer: a\n", "job_description: {file: ../secret.md}"),
        "up_path": _interview("    answer: a\n", "job_description: ../../../../etc/passwd"),
        "abs": _interview("    answer: a\n", "job_description: /etc/hostname"),
        "typo": _interview("    answer: a\n", "job_description: docs/jd_mistyped.md"),
        "long": _interview("    answer: " + "word " * 50 + "\n"),
        "good": _interview("    answer: I measured it.\n"),
        "blank_follow_up": _interview(
            "    answer: We did it.\n    follow_ups:\n"
            "      - question: What was your part?\n        answer: ''\n"
        ),
    }
    paths = {name: box / f"{name}.yaml" for name in files}
    for name, text in files.items():
        paths[name].write_text(text)
    paths["latin1"] = box / "latin1.yaml"
    paths["latin1"].write_bytes(_interview("    answer: caf\xe9\n").encode("latin-1"))
    paths["utf16"] = box / "utf16.yaml"
    paths["utf16"].write_bytes(_interview("    answer: a\n").encode("utf-16-le"))
    paths["nolabel"] = tmp / "nolabel.jsonl"
    paths["nolabel"].write_text(GOOD_LINE + "\n")
    paths["semeval_bad"] = tmp / "semeval.jsonl"
    paths["semeval_bad"].write_text(
        json.dumps({"id": "s", "question": "Q", "answer": "A", "label_2way": "maybe"}) + "\n"
    )
    paths["batch16"] = tmp / "batch16.jsonl"
    paths["batch16"].write_bytes((GOOD_LINE + "\n").encode("utf-16-be"))
    paths["allbad"] = tmp / "allbad.jsonl"
    paths["allbad"].write_text("{not json\n[1, 2]\n")
    paths["text"] = tmp / "notes.txt"
    paths["text"].write_text("not a report\n")
    paths["notjson"] = tmp / "r.json"
    paths["notjson"].write_text("{]")
    paths["otherjson"] = tmp / "other.json"
    paths["otherjson"].write_text('{"role": 3}')
    paths["binary"] = tmp / "blob.bin"
    paths["binary"].write_bytes(bytes(range(256)) * 4)
    return paths


def _unwritable(tmp: Path) -> str:
    """A place this process cannot write to (root ignores file modes)."""
    if os.geteuid() == 0:
        return "/sys/panelist-out.txt"
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return str(locked / "out.txt")


# (arguments, a fragment the error line must contain); {name} is a file from _files.
CASES: list[tuple[str, str]] = [
    ("evaluate {tmp}/missing.yaml", "no such file"),
    ("evaluate {tmp}", "is a directory"),
    ("evaluate {dup}", "duplicate key 'answer'"),
    ("evaluate {up_file}", "is outside"),
    ("evaluate {up_path}", "is outside"),
    ("evaluate {abs}", "is outside"),
    ("evaluate {typo}", "no such file 'docs/jd_mistyped.md'"),
    ("evaluate {latin1}", "byte 0xe9 is not UTF-8"),
    ("evaluate {utf16}", "UTF-16LE without a byte-order mark"),
    ("evaluate {long} --max-answer-chars 100", "the limit is 100"),
    ("evaluate {good} --max-answer-chars 0", "--max-answer-chars"),
    ("evaluate {good} --workers 0", "--workers"),
    ("evaluate {good} --workers -3", "--workers"),
    ("evaluate {good} --workers many", "--workers"),
    ("evaluate {good} --format xml", "--format"),
    ("evaluate {good} --engine nope", "unknown engine 'nope'"),
    ("score {nolabel} --engine nope", "unknown engine 'nope'"),
    ("bench {nolabel} --engine nope", "unknown engine 'nope'"),
    (
        "evaluate {good} -O colour=blue",
        "colour: Extra inputs are not permitted (this engine takes no options)",
    ),
    ("evaluate {good} -O novalue", "is not KEY=VALUE"),
    ("evaluate {good} -o {tmp}/no/such/dir/r.txt", "does not exist"),
    ("evaluate {blank_follow_up}", "follow_ups[0].answer: empty: write the answer"),
    ("questions {good}", "is an interview file, not a job description"),
    ("questions {text} -o {text}", "is the job description; write the interview elsewhere"),
    ("questions {text} -O model=x", "add --llm"),
    ("questions {text} --llm -O base_url=notaurl", "is not an http:// or https:// address"),
    ("evaluate {good} -o {tmp}", "is a directory"),
    ("evaluate {good} -o {unwritable}", "cannot write"),
    ("evaluate {good} -o /dev/full", "No space left on device"),
    ("evaluate {good} --files-from {tmp}/nowhere", "--files-from"),
    ("score {tmp}/missing.jsonl", "no such file"),
    ("score {batch16}", "UTF-16BE without a byte-order mark"),
    ("score {nolabel} -o {tmp}/no/dir/out.jsonl", "does not exist"),
    ("score {nolabel} -o {unwritable}", "cannot write"),
    ("score {nolabel} -o /dev/full", "No space left on device"),
    ("score {nolabel} --workers 0", "--workers"),
    ("score {allbad}", "2 of 2 lines failed"),
    ("parse {tmp}/missing.txt", "no such file"),
    ("parse {text}", "notes.txt"),
    ("parse {binary}", "blob.bin"),
    ("render {notjson}", "not a Panelist JSON report"),
    ("render {otherjson}", "not a Panelist JSON report"),
    ("render {otherjson} --format pdfx", "--format"),
    ("bench {nolabel}", "no label"),
    ("bench {semeval_bad}", "label_2way"),
    ("bench {nolabel} --limit 0", "--limit"),
    ("bench {tmp}/missing.jsonl", "no such file"),
    ("anchors {tmp}/missing.jsonl", "no such file"),
    ("anchors {nolabel}", "nolabel.jsonl, line 1: no score"),
    ("anchors {allbad}", "allbad.jsonl, line 1: invalid JSON"),
    ("anchors {batch16}", "UTF-16BE without a byte-order mark"),
    ("anchors {binary}", "blob.bin, line 1"),
    ("anchors {nolabel} --answers {tmp}/missing.jsonl", "no such file"),
    ("anchors {nolabel} --answers {allbad}", "allbad.jsonl, line 1: invalid JSON"),
    ("anchors {nolabel} --interview {dup}", "duplicate key 'answer'"),
    ("anchors {nolabel} --interview {tmp}/missing.yaml", "no such file"),
    ("anchors {nolabel} --per-question 1", "--per-question"),
    ("anchors {nolabel} --per-question 7", "--per-question"),
    ("anchors {nolabel} -o {tmp}/no/dir/a.yaml", "does not exist"),
    ("anchors {nolabel} -o {tmp}", "is a directory"),
    ("engines extra", "unexpected extra argument"),
    ("frobnicate", "No such command"),
]


@pytest.mark.parametrize(
    ("args", "needle"), CASES, ids=[c[0].split()[0] + ":" + c[1] for c in CASES]
)
def test_bad_input_fails_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: str,
    needle: str,
) -> None:
    paths = {name: str(p) for name, p in _files(tmp_path).items()}
    argv = args.format(tmp=tmp_path, unwritable=_unwritable(tmp_path), **paths).split()
    monkeypatch.delenv("PANELIST_RAISE_ERRORS", raising=False)
    monkeypatch.setattr(sys, "argv", ["panelist", *argv])
    with pytest.raises(SystemExit) as stopped:
        main()
    out, err = capsys.readouterr()
    assert stopped.value.code not in (0, None), err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("panelist: "), err
    assert needle in lines[0], err
    assert "Traceback" not in err
    if not args.startswith("score"):
        assert out == ""


def test_nothing_outside_the_interview_folder_reaches_the_report(tmp_path: Path) -> None:
    """The secret next to the interview's folder is neither read nor reported."""
    from panelist.errors import InputError
    from panelist.loaders import load_interview

    paths = _files(tmp_path)
    with pytest.raises(InputError, match="outside") as refused:
        load_interview(paths["up_file"])
    assert "TOP SECRET" not in str(refused.value)
    allowed = load_interview(paths["up_file"], files_from=tmp_path)
    assert allowed.job_description.text == "TOP SECRET salary bands"


def test_a_failed_run_leaves_no_empty_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.txt"
    argv = ["panelist", "evaluate", str(tmp_path / "missing.yaml"), "-o", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit):
        main()
    assert not out.exists()


def test_raise_errors_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from panelist.errors import InputError

    monkeypatch.setenv("PANELIST_RAISE_ERRORS", "1")
    monkeypatch.setattr(sys, "argv", ["panelist", "evaluate", str(tmp_path / "missing.yaml")])
    with pytest.raises(InputError):
        main()


def test_bom_batches_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "bom.jsonl"
    batch.write_bytes(codecs.BOM_UTF8 + (GOOD_LINE + "\n").encode())
    monkeypatch.setattr(sys, "argv", ["panelist", "score", str(batch), "--engine", "rubric"])
    main()  # returns: success
    out, err = capsys.readouterr()
    assert json.loads(out)["id"] == "a"
    assert err.strip() == "panelist: scored 1 answers"
