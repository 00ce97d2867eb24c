"""Reading text files defensively: UTF-8 with or without a byte-order mark, UTF-16/32 with one.

Every failure is an :class:`InputError` naming the file and, for undecodable bytes, the line.
Batch files are decoded line by line so that one bad line does not cost the others.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from panelist.errors import InputError

#: Byte-order marks and the codec each announces; UTF-32 before UTF-16 (their marks overlap).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ACCEPTED = "UTF-8 (with or without a byte-order mark), or UTF-16/UTF-32 with a byte-order mark"


def _fix_hint(path: Path, encoding: str) -> str:
    return f"convert it to UTF-8, e.g. iconv -f {encoding} -t UTF-8 {path} > fixed{path.suffix}"


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _bom_codec(data: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def _looks_utf16(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when a file without a mark has NUL in many of every other byte
    and in (almost) none of the others, as text has (Latin text in most, other scripts in their
    spaces, digits and punctuation); binary data has NUL bytes anywhere."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    latin = max(even, odd) >= half * 0.6 and min(even, odd) <= half * 0.1
    other_script = max(even, odd) >= half * 0.2 and min(even, odd) <= half * 0.01
    if not (latin or other_script):
        return None
    return "UTF-16LE" if odd > even else "UTF-16BE"


def _undecodable(path: Path, data: bytes, exc: UnicodeDecodeError) -> InputError:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = data[exc.start : exc.start + 1].hex()
    return InputError(
        f"{path}, line {line}, column {column}: byte 0x{byte} is not UTF-8; "
        f"{_fix_hint(path, 'LATIN1')} (accepted: {ACCEPTED})"
    )


def decode(data: bytes, path: Path) -> str:
    """The text of a whole file's bytes."""
    codec = _bom_codec(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: starts with a {codec.upper()} byte-order mark but is not valid "
                f"{codec.upper()}; {_fix_hint(path, codec.upper())}"
            ) from None
    guess = _looks_utf16(data)
    if guess is not None:
        raise InputError(
            f"{path}: looks like {guess} without a byte-order mark; {_fix_hint(path, guess)}"
        )
    nul = data.find(0)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            f"{path}: is not a text file: it holds NUL bytes, as binary files do (the first on "
            f"line {line}); accepted: {ACCEPTED}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _undecodable(path, data, exc) from None


def read_text(path: Path) -> str:
    """A whole text file (see :data:`ACCEPTED`)."""
    return decode(_read_bytes(path), path)


@dataclass(frozen=True)
class Line:
    """One line of a file: its number, its text, or why it cannot be decoded (and then
    ``legible``: the line with its undecodable bytes replaced, to name it by, never to read)."""

    number: int
    text: str | None
    error: str | None = None
    legible: str | None = None


def read_lines(path: Path) -> Iterator[Line]:
    """Every line of a file; an undecodable UTF-8 line is an error for that line alone."""
    data = _read_bytes(path)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    codec = _bom_codec(data)
    if codec is not None or _looks_utf16(data) is not None:
        for number, text in enumerate(decode(data, path).splitlines(), start=1):
            yield Line(number, text)
        return
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            yield Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Line(
                number,
                None,
                f"line {number}, column {exc.start + 1}: byte 0x{raw[exc.start]:02x} is not "
                "UTF-8 (the other lines were read)",
                raw.decode("utf-8", errors="replace"),
            )


def check_writable(output: Path | None) -> None:
    """Refuse, before any work, an output file that cannot be written (by trying to)."""
    if output is None:
        return
    if output.is_dir():
        raise InputError(f"{output}: is a directory; give a file name")
    folder = output.parent
    if not folder.is_dir():
        raise InputError(f"{output}: cannot write: folder {folder} does not exist")
    existed = output.exists()
    try:
        with output.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    if not existed:
        output.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8; a failure is an ``InputError`` naming the file."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
