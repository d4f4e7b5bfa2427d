"""The expert committee's sheet: the agenda written out, the decisions read back.

One row per case (a disease of an application). The committee fills in the last four
columns: the outcome (结论) from a drop-down, the reasons and two experts' names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.domain.print_labels import OUTCOME_ZH, kind_zh, level_zh
from app.errors import NcmsError, Problem, ValidationError
from app.printing.xlsx_base import BOX, append_row, open_untrusted, print_setup, save_book
from app.review.committee import Case, CaseDecision

SHEET = "评审议程"
# Conclusion labels on the sheet → the codes the review service records.
OUTCOME_LABELS: dict[str, str] = {label: outcome for outcome, label in OUTCOME_ZH.items()}
_CASE_COLUMNS = (
    ("序号", 6),
    ("申请编号", 20),
    ("病种代码", 9),
    ("病种", 24),
    ("类别", 6),
    ("合管站", 9),
    ("姓名", 10),
    ("身份证号", 21),
    ("年龄", 6),
    ("类型", 12),  # 新申请 / 换证, and 复核 for an appeal of a rejection
    ("诊断医院", 22),
    ("医院级别", 9),
    ("诊断日期", 12),
    ("医生", 10),
    ("材料", 7),
    ("文件数", 7),
    ("跨站重复", 9),
)
_DECISION_COLUMNS = (
    ("结论", 12),
    ("理由", 36),
    ("专家一", 10),
    ("专家二", 10),
    ("体检医院", 22),  # 需体检: the designated hospital (name or code) …
    ("体检日期", 12),  # … and the date it is due by
)
_HEADER = [name for name, _ in (*_CASE_COLUMNS, *_DECISION_COLUMNS)]
# Sheets written before the examination's two columns existed are still read.
_OLD_HEADER = _HEADER[:-2]
_NUMBER, _CODE = 2, 3  # 1-based columns holding the case key
_FIRST_DECISION = len(_CASE_COLUMNS) + 1
_EXPERT_COLUMNS = (_FIRST_DECISION + 2, _FIRST_DECISION + 3)
_EXAM_HOSPITAL, _EXAM_DATE = _FIRST_DECISION + 4, _FIRST_DECISION + 5
# The cells of a case row that are read: its key and the committee's four.
_READ_COLUMNS = (_NUMBER, _CODE, *range(_FIRST_DECISION, len(_HEADER) + 1))
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def write_agenda(cases: Sequence[Case], out: Path, title: str) -> None:
    """Write the agenda workbook atomically (a temporary file renamed into place)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_HEADER))
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_row(sheet, _HEADER)
    for column, (_, width) in enumerate((*_CASE_COLUMNS, *_DECISION_COLUMNS), 1):
        cell = sheet.cell(row=2, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7" if column < _FIRST_DECISION else "FFF2CC")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    for n, case in enumerate(cases, 1):
        append_row(
            sheet,
            [
                n,
                case.application_number,
                case.disease_code,
                case.disease_name,
                case.category,
                case.station_code,
                case.name,
                case.masked_id,
                case.age,
                kind_zh(case.kind) + ("·复核" if case.appeal else ""),
                case.hospital,
                level_zh(case.hospital_level),
                case.diagnosis_date,
                case.doctor,
                case.materials,
                case.documents,
                "是" if case.duplicate else "",
            ],
        )
        sheet.cell(row=n + 2, column=13).number_format = "yyyy-mm-dd"
        sheet.cell(row=n + 2, column=_EXAM_DATE).number_format = "yyyy-mm-dd"
    last = len(cases) + 2
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(OUTCOME_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="结论",
        error="请从下拉列表中选择结论",
    )
    sheet.add_data_validation(choice)
    if cases:
        letter = get_column_letter(_FIRST_DECISION)
        choice.add(f"{letter}3:{letter}{last}")
    sheet.freeze_panes = "C3"
    print_setup(sheet)
    save_book(book, out)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_decisions(path: Path) -> list[CaseDecision]:
    """The filled rows (a row with no outcome is a case not yet decided).

    Every cell read must hold what the committee typed: a formula is refused (it would
    be read as its cached value, or as nothing and the row silently skipped), and so
    is an expert's name that is a number; every such cell is named at once.
    """
    book = open_untrusted(path, unreadable="review.not_a_sheet")
    try:
        if SHEET not in book.sheetnames:
            raise NcmsError("review.not_a_sheet", file=path.name)
        rows = book[SHEET].iter_rows()
        try:
            return _decisions(rows, path)
        finally:
            rows.close()  # a refusal mid-sheet would leave openpyxl's part open
    finally:
        book.close()


def _decisions(rows: Iterator[tuple[Cell | MergedCell, ...]], path: Path) -> list[CaseDecision]:
    next(rows, None)
    header = _cells(next(rows, ()))
    problems = _formulas(2, header, range(1, len(_HEADER) + 1))
    if problems:  # the header a formula makes cannot be checked
        raise ValidationError(problems)
    names = [_text(value) for value, _ in header]
    if names not in (_HEADER, [*_OLD_HEADER, "", ""]):
        raise NcmsError("review.not_a_sheet", file=path.name)
    decisions = []
    for number, row in enumerate(rows, 3):
        cells = _cells(row)
        problems += _formulas(number, cells, _READ_COLUMNS)
        problems += _not_names(number, cells)
        values = [_text(value) for value, _ in cells]
        outcome = values[_FIRST_DECISION - 1]
        if not outcome:
            continue
        exam_by, bad_date = _date(cells[_EXAM_DATE - 1][0])
        if bad_date:
            problems.append(
                Problem(_where(number, _EXAM_DATE), "sheet.bad_date", {"value": bad_date})
            )
        decisions.append(
            CaseDecision(
                row=number,
                application_number=values[_NUMBER - 1],
                disease_code=values[_CODE - 1],
                outcome=OUTCOME_LABELS.get(outcome, outcome),
                reasons=values[_FIRST_DECISION],
                experts=(values[_FIRST_DECISION + 1], values[_FIRST_DECISION + 2]),
                exam_hospital=values[_EXAM_HOSPITAL - 1],
                exam_by=exam_by,
            )
        )
    if problems:
        raise ValidationError(problems)
    return decisions


def _date(value: object) -> tuple[date | None, str]:
    """A date cell: (the date, "") or (None, the text that is not a date)."""
    if value is None or _text(value) == "":
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    try:
        return date.fromisoformat(_text(value).replace("/", "-")), ""
    except ValueError:
        return None, _text(value)[:40]


def _cells(row: tuple[Cell | MergedCell, ...]) -> list[tuple[object, bool]]:
    """The agenda's columns of a row: (value, is a formula), padded to the header."""
    cells: list[tuple[object, bool]] = [(c.value, c.data_type == "f") for c in row]
    return (cells + [(None, False)] * len(_HEADER))[: len(_HEADER)]


def _where(row: int, column: int) -> str:
    return f"{SHEET}!{get_column_letter(column)}{row}"


def _formulas(row: int, cells: list[tuple[object, bool]], columns: Iterable[int]) -> list[Problem]:
    return [Problem(_where(row, c), "sheet.formula") for c in columns if cells[c - 1][1]]


def _not_names(row: int, cells: list[tuple[object, bool]]) -> list[Problem]:
    """An expert cell holding a number (or a date) is a slip of the hand, not a name."""
    problems = []
    for column in _EXPERT_COLUMNS:
        value, formula = cells[column - 1]
        if formula or value is None:
            continue
        if not isinstance(value, str) or _NUMBER_TEXT.fullmatch(value.strip()):
            problems.append(
                Problem(_where(row, column), "review.expert_not_a_name", {"value": _text(value)})
            )
    return problems
