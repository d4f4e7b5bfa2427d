"""The quarter summary workbook (`ncms report summary`): a sheet per section — by
disease, by village, the roster of the quarter's batches and the public list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.certificates.issued import IssuedCertificate
from app.printing.summary import Counts, QuarterSummary
from app.printing.xlsx_base import Column, add_sheet, new_book, save_book

FIGURE_COLUMNS = (
    Column("新申请", 8, "0"),
    Column("复审", 8, "0"),
    Column("受理", 8, "0"),
    Column("初审通过", 9, "0"),
    Column("退回", 8, "0"),
    Column("认定通过", 9, "0"),
    Column("不予认定", 9, "0"),
    Column("通过率", 9, "0.0%"),
)
SHEETS = ("按病种", "按村", "花名册", "公示名单")


def _figures(counts: Counts) -> list[Any]:
    return [
        counts.new,
        counts.renewal,
        counts.received,
        counts.accepted,
        counts.returned,
        counts.approved,
        counts.rejected,
        counts.approval_rate,  # None: nothing decided yet, left empty
    ]


def write_summary(summary: QuarterSummary, out: Path) -> None:
    book = new_book()
    heading = f"{summary.office.name} {summary.quarter}"
    by_disease = [
        [row.code, row.name, row.category, *_figures(row.counts)] for row in summary.by_disease
    ]
    total = Counts.total(r.counts for r in summary.by_disease)
    add_sheet(
        book,
        SHEETS[0],
        f"{heading} 慢性病认定情况汇总（按病种，人次）",
        [Column("病种代码", 10, "@"), Column("病种", 30), Column("类别", 6), *FIGURE_COLUMNS],
        [*by_disease, ["合计", "", "", *_figures(total)]],
        total_rows=[len(by_disease)],
    )
    by_village = [[row.village, *_figures(row.counts)] for row in summary.by_village]
    add_sheet(
        book,
        SHEETS[1],
        f"{heading} 慢性病认定情况汇总（按村，人）",
        [Column("村", 16), *FIGURE_COLUMNS],
        [
            *by_village,
            ["合计", *_figures(Counts.total(r.counts for r in summary.by_village))],
        ],
        total_rows=[len(by_village)],
    )
    roster_rows: list[list[Any]] = []
    subtotals: list[int] = []
    current, count = None, 0
    for line in summary.roster:
        if current is not None and line.disease_name != current:
            roster_rows.append([f"小计：{current}", count])
            subtotals.append(len(roster_rows) - 1)
            count = 0
        current = line.disease_name
        count += 1
        roster_rows.append(
            [
                line.disease_name,
                count,
                line.application_number,
                line.name,
                line.gender,
                line.age,
                line.id_number,
                line.village,
                line.kind,
                line.hospital,
            ]
        )
    if current is not None:
        roster_rows.append([f"小计：{current}", count])
        subtotals.append(len(roster_rows) - 1)
    roster_rows.append(["合计（人次）", len(summary.roster)])
    subtotals.append(len(roster_rows) - 1)
    add_sheet(
        book,
        SHEETS[2],
        f"{heading} 慢性病认定申请花名册",
        [
            Column("病种", 24),
            Column("序号", 6, "0"),
            Column("申请编号", 18, "@"),
            Column("姓名", 10),
            Column("性别", 6),
            Column("年龄", 6, "0"),
            Column("身份证号", 21, "@"),
            Column("村", 12),
            Column("类型", 8),
            Column("诊断医院", 26),
        ],
        roster_rows,
        total_rows=subtotals,
    )
    add_public_list(book, SHEETS[3], f"{heading} 慢性病门诊待遇认定人员公示名单", summary.public)
    save_book(book, out)


PUBLIC_LIST_COLUMNS = (
    Column("序号", 6, "0"),
    Column("姓名", 10),
    Column("性别", 6),
    Column("身份证号", 21, "@"),
    Column("乡镇（站）", 16),
    Column("村", 12),
    Column("认定病种", 40),
    Column("证号", 18, "@"),
    Column("有效期起", 12, "yyyy-mm-dd"),
    Column("有效期止", 12, "yyyy-mm-dd"),
)


def add_public_list(
    book: Workbook, name: str, title: str, lines: Sequence[IssuedCertificate]
) -> None:
    """The public list as a sheet: the same columns as the printed list, and the
    validity (masked ID numbers only)."""
    add_sheet(
        book,
        name,
        title,
        PUBLIC_LIST_COLUMNS,
        [
            [
                n,
                *line.public_columns(),
                line.valid_from,
                line.valid_until if line.valid_until else "长期",
            ]
            for n, line in enumerate(lines, 1)
        ],
    )


def write_public_list(lines: Sequence[IssuedCertificate], out: Path, title: str) -> None:
    """A notice's public list as a workbook of its own (the window's "Save as xlsx")."""
    book = new_book()
    add_public_list(book, "公示名单", title, lines)
    save_book(book, out)


def write_certificate_list(
    rows: Sequence[tuple[IssuedCertificate, str]], out: Path, title: str
) -> None:
    """Certificates as a sheet, each with where it stands (the county's register, or
    its renewal list), ID numbers masked: it goes to the stations."""
    book = new_book()
    add_sheet(
        book,
        title[:31],
        title,
        [*PUBLIC_LIST_COLUMNS, Column("状态", 24)],
        [
            [
                n,
                *line.public_columns(),
                line.valid_from,
                line.valid_until if line.valid_until else "长期",
                standing,
            ]
            for n, (line, standing) in enumerate(rows, 1)
        ],
    )
    save_book(book, out)
