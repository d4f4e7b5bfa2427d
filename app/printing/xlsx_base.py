"""How every workbook looks: a title row, a shaded and bordered header that stays
frozen and repeats on each printed page, set column widths and number formats, A4
landscape fitted to the page width; and saving through a temporary file.

Every value the program writes into a cell goes through `put` (rows through
`append_row`): text from a station's package or a clerk's typing must never become a
formula in the county's or the station's spreadsheet."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.blobs.intake import MB
from app.errors import NcmsError

THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_ROW = 2  # row 1 is the title
# Bounds on a workbook the program reads (the committee's agenda comes back from
# whoever filled it in). The agenda this program writes for 5,000 cases is 0.3 MB,
# unpacks to 4.5 MB and packs 14 times at most; Excel's re-save is of that order.
# A file past these is refused before openpyxl inflates it: a 1.2 MB file that
# unpacked to 1.2 GB once took 2.5 GB of memory.
MAX_FILE_BYTES = 20 * MB
MAX_UNPACKED_BYTES = 100 * MB
MAX_RATIO = 100
# OWASP's CSV-injection rule: text starting with one of these is what a spreadsheet
# may take for a formula (tab and CR, because some programs strip them first).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Cell, value: Any) -> None:
    """Write `value` into `cell`, text that looks like a formula kept as text.

    openpyxl would store a str starting with "=" as a formula, and Excel turns a
    typed-over "+1" or "-1" into one. Prefixing a quote (OWASP's fix for CSV) would
    change what the clerk reads ("'-王" for "-王"); instead the cell is stored as a
    string and styled quotePrefix, the spreadsheet's own "this is text" mark: the text
    reads exactly as given and stays text even when someone edits the cell.
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """`sheet.append`, every value written through `put` (append places the cells)."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet)
        put(cell, value)
        cells.append(cell)
    sheet.append(cells)


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    number_format: str = "General"  # "0", "0.0%", "yyyy-mm-dd", "@" (text) …


def add_sheet(
    book: Workbook,
    name: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    total_rows: Sequence[int] = (),
) -> Worksheet:
    """A formatted sheet; `total_rows` (0-based indexes into `rows`) are shaded and
    bold, like the subtotal and total lines of a printed table."""
    sheet: Worksheet = book.create_sheet(name)
    append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_row(sheet, [c.title for c in columns])
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=HEADER_ROW, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    totals = set(total_rows)
    for n, row in enumerate(rows):
        append_row(sheet, row)
        excel_row = HEADER_ROW + 1 + n
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(row=excel_row, column=index)
            cell.number_format = column.number_format
            cell.border = BOX
            if n in totals:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet)
    return sheet


def print_setup(sheet: Worksheet) -> None:
    """A4 landscape, as wide as the page, the header row repeated on every page."""
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def new_book() -> Workbook:
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    return book


def save_book(book: Workbook, out: Path) -> None:
    """Write through a temporary file in the same folder, so a crash or a full disk
    never leaves half a workbook under the name asked for."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".ncms-", suffix=".xlsx")
    os.close(fd)
    try:
        book.save(tmp)
        Path(tmp).replace(out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_untrusted(path: Path, unreadable: str) -> Workbook:
    """Open a workbook someone else wrote, read-only and with formulas as formulas
    (data_only=False: a formula must be seen to be refused, not read as its cached
    value or as nothing). `unreadable` is the message key for a file that is not a
    workbook at all; it is given the file's name."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise NcmsError("sheet.too_large", file=path.name, limit=MAX_FILE_BYTES // MB)
        with zipfile.ZipFile(path) as archive:
            _check_unpacked(path, archive.infolist())
        return load_workbook(path, read_only=True, data_only=False)
    except NcmsError:
        raise
    except Exception:  # zipfile and openpyxl raise many kinds for a file that is not one
        raise NcmsError(unreadable, file=path.name) from None


def _check_unpacked(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """The sizes the zip's central directory declares. zipfile never inflates an
    entry past its declared size (and checks its CRC), so these bound what openpyxl
    can be made to hold."""
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED_BYTES:
        raise NcmsError(
            "sheet.unpacks_too_large",
            file=path.name,
            size=total // MB,
            limit=MAX_UNPACKED_BYTES // MB,
        )
    for entry in entries:
        # Small entries cannot hurt whatever they pack; a big one packed tighter than
        # any spreadsheet does is a bomb.
        if entry.file_size > MB and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise NcmsError(
                "sheet.packed_too_tight",
                file=path.name,
                entry=entry.filename,
                ratio=entry.file_size // max(entry.compress_size, 1),
                limit=MAX_RATIO,
            )
