"""The national platform's answer to the registrations sent: for each person number
and disease code, the serial it filed the registration under (`trt_dcla_detl_sn`),
which a later revocation must name.

The file comes from the provincial back office, as a workbook, CSV or JSON lines (each
line the record, or the platform's reply with it under "output"). It is read as
anything from outside is: bounded in size before it is parsed, every value checked,
every bad line named at once, and then nothing is stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.blobs.intake import MB
from app.errors import NcmsError, Problem, ValidationError

MAX_REPLY_BYTES = 20 * MB
MAX_LINES = 200_000
KEYS = ("psn_no", "opsp_dise_code", "trt_dcla_detl_sn")
_PSN_NO = re.compile(r"^[0-9A-Z]{1,30}$")
_DISEASE = re.compile(r"^[A-Z][0-9A-Z]{1,15}$")
_SERIAL = re.compile(r"^[0-9A-Za-z_-]{1,40}$")
_PATTERNS = {"psn_no": _PSN_NO, "opsp_dise_code": _DISEASE, "trt_dcla_detl_sn": _SERIAL}
_MAX_PROBLEMS = 20  # named one by one; past that, a file is not a reply at all


@dataclass(frozen=True)
class ReplyLine:
    line: int  # where it is in the file (a sheet's row, a text file's line)
    psn_no: str
    disease_code: str
    serial: str


@dataclass(frozen=True)
class Refusal:
    """A line where the platform says why it refused a record (its `err_msg`)."""

    line: int
    said: str


@dataclass(frozen=True)
class Reply:
    lines: list[ReplyLine]
    refusals: list[Refusal]


def read_reply(path: Path) -> Reply:
    try:
        size = path.stat().st_size
    except OSError:
        raise NcmsError("national.reply_unreadable", file=path.name) from None
    if size > MAX_REPLY_BYTES:
        raise NcmsError("national.reply_too_large", file=path.name, limit=MAX_REPLY_BYTES // MB)
    if path.suffix.lower() == ".xlsx":
        rows = _sheet_rows(path)
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise NcmsError("national.reply_unreadable", file=path.name) from None
        rows = _json_rows(text) if text.lstrip().startswith("{") else _csv_rows(text)
    try:
        return _checked(rows, path)
    except (NcmsError, ValidationError):
        raise
    except (csv.Error, RecursionError, ValueError, KeyError, SyntaxError, OSError, EOFError):
        # What the parsers raise for a file that only looks like one: a CSV field past
        # csv's limit, JSON nested past the interpreter's, a sheet's XML cut short
        # (openpyxl reads a read-only sheet's rows lazily, after the file opened).
        raise NcmsError("national.reply_unreadable", file=path.name) from None


def _checked(rows: Iterable[tuple[int, dict[str, Any] | None]], path: Path) -> Reply:
    lines: list[ReplyLine] = []
    refusals: list[Refusal] = []
    problems: list[Problem] = []
    for number, row in rows:
        if number > MAX_LINES:
            raise NcmsError("national.reply_too_long", file=path.name, limit=MAX_LINES)
        if row is None:
            problems.append(Problem(f"{path.name}:{number}", "national.reply_not_a_record"))
        else:
            values = {k: _text(row.get(k)) for k in KEYS}
            if not any(values.values()):
                said = " ".join(_text(v) for v in row.values() if _text(v))[:120]
                if said:  # the platform's refusal of a record ("err_msg"), not a blank
                    refusals.append(Refusal(number, said))
                continue
            bad = [k for k in KEYS if not _PATTERNS[k].match(values[k])]
            if bad:
                problems.append(
                    Problem(
                        f"{path.name}:{number}",
                        "national.reply_bad_value",
                        {"field": bad[0], "value": values[bad[0]][:40]},
                    )
                )
            else:
                lines.append(ReplyLine(number, *(values[k] for k in KEYS)))
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise ValidationError(problems)
    if not (lines or refusals):
        raise NcmsError("national.reply_empty", file=path.name)
    return Reply(lines, refusals)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | dict | list):
        return f"<{type(value).__name__}>"  # named in the message, matched by no pattern
    # A float is a number a spreadsheet rounded ("4.1e+19"): its text matches no pattern.
    return str(value).strip()


def _json_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | None]]:
    # Lines end at a line feed only: JSON strings may hold U+2028, which splitlines
    # would take for a line break.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            yield number, None
            continue
        if isinstance(value, dict) and isinstance(value.get("output"), dict):
            refusal = value.get("err_msg")
            value = value["output"] or ({"err_msg": refusal} if refusal else {})
        yield number, value if isinstance(value, dict) else None


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | None]]:
    reader = csv.reader(io.StringIO(text))
    header = [_header_name(h) for h in next(reader, [])]
    if not set(KEYS) <= set(header):
        yield 1, None
        return
    for row in reader:
        yield reader.line_num, dict(zip(header, row, strict=False))


def _sheet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    # The workbook code is only needed for a workbook.
    from app.printing.xlsx_base import open_untrusted

    book = open_untrusted(path, unreadable="national.reply_unreadable")
    rows = None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows = sheet.iter_rows()
        for number, row in enumerate(rows, 1):
            cells = [(c.value, c.data_type == "f") for c in row]
            if any(formula for _, formula in cells):
                yield number, None  # a formula's cached value is not what was written
                continue
            values = [v for v, _ in cells]
            if header is None:
                names = [_header_name(v) for v in values]
                if set(KEYS) <= set(names):
                    header = names
                continue
            yield number, dict(zip(header, values, strict=False))
        if header is None:
            yield 1, None
    finally:
        if rows is not None:
            rows.close()  # a refusal mid-sheet would leave openpyxl's part open
        book.close()


def _header_name(value: object) -> str:
    """A header cell's field name: `psn_no`, or the last line of `人员编号\\npsn_no`
    (the county's own workbook's headers)."""
    return str(value).strip().splitlines()[-1].strip() if value is not None else ""
