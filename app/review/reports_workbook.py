"""The county's reports as workbooks: the quarter's outcomes by station and disease,
the compliance rate per diagnosing hospital (with its chart and, on a second
sheet, the cases behind each rate), and the appeals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference

from app.domain.print_labels import level_zh, outcome_zh
from app.domain.quarters import quarter_label
from app.printing.xlsx_base import HEADER_ROW, Column, add_sheet, new_book, save_book
from app.review.appeal_report import AppealReport
from app.review.reports import (
    NO_HOSPITAL,
    Compliance,
    ComplianceCase,
    HospitalRow,
    OutcomeRow,
    QuarterOutcomes,
)

OUTCOME_COLUMNS = (
    Column("受理", 8, "0"),
    Column("通过", 8, "0"),
    Column("其中部分通过", 10, "0"),
    Column("不通过", 8, "0"),
    Column("需体检", 8, "0"),
    Column("需补充材料", 10, "0"),
    Column("待审", 8, "0"),
    Column("已撤回", 8, "0"),
)


def _period(quarter: date | None) -> str:
    return quarter_label(quarter) if quarter else "全部季度"


def _figures(row: OutcomeRow) -> list[Any]:
    return list(row.figures())


def write_outcomes(report: QuarterOutcomes, office: str, out: Path) -> None:
    book = new_book()
    rows = [
        [r.station_code, r.station_name, r.disease_code, r.disease_name, *_figures(r)]
        for r in report.rows
    ]
    add_sheet(
        book,
        "按乡镇和病种",
        f"{office} {_period(report.quarter)} 慢性病认定结果（按乡镇和病种，人次）",
        [
            Column("站代码", 9, "@"),
            Column("乡镇（站）", 18),
            Column("病种代码", 10, "@"),
            Column("病种", 24),
            *OUTCOME_COLUMNS,
        ],
        [*rows, ["合计", "", "", "", *_figures(report.total)]],
        total_rows=[len(rows)],
    )
    save_book(book, out)


def _hospital_name(row: HospitalRow) -> str:
    return row.name if row.code != NO_HOSPITAL else "（未填诊断医院）"


def write_compliance(
    report: Compliance,
    cases_of: Callable[[str, date | None], list[ComplianceCase]],
    office: str,
    out: Path,
) -> None:
    """The rates, lowest first, drawn as bars; then every concluded case by hospital."""
    book = new_book()
    period = _period(report.quarter)
    rows = [
        [
            r.code,
            _hospital_name(r),
            level_zh(r.level),
            "" if r.public is None else ("公立" if r.public else "非公立"),
            r.reviewed,
            r.approved,
            r.rejected,
            r.rate,
        ]
        for r in report.hospitals
    ]
    total = report.total
    sheet = add_sheet(
        book,
        "达标率",
        f"{office} {period} 诊断医院认定达标率（通过 ÷ 已评审，人次）",
        [
            Column("医院代码", 12, "@"),
            Column("诊断医院", 30),
            Column("级别", 8),
            Column("性质", 8),
            Column("已评审", 8, "0"),
            Column("通过", 8, "0"),
            Column("不通过", 8, "0"),
            Column("达标率", 9, "0.0%"),
        ],
        [*rows, ["合计", "", "", "", total.reviewed, total.approved, total.rejected, total.rate]],
        total_rows=[len(rows)],
    )
    if rows:
        chart = BarChart()
        chart.type = "bar"  # horizontal: long hospital names read along the axis
        chart.title = "达标率"
        chart.legend = None
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        first, last = HEADER_ROW + 1, HEADER_ROW + len(rows)
        chart.add_data(Reference(sheet, min_col=8, min_row=first, max_row=last))
        chart.set_categories(Reference(sheet, min_col=2, min_row=first, max_row=last))
        chart.height = max(7.5, 0.6 * len(rows) + 3)
        chart.width = 18
        sheet.add_chart(chart, f"J{HEADER_ROW}")
    lines: list[list[Any]] = []
    for r in report.hospitals:
        for c in cases_of(r.code, report.quarter):
            lines.append(
                [
                    _hospital_name(r),
                    c.application_number,
                    c.name,
                    c.station_code,
                    c.disease_name,
                    outcome_zh(c.outcome),
                    c.decided_on,
                    "；".join(c.reasons),
                ]
            )
    add_sheet(
        book,
        "评审明细",
        f"{office} {period} 诊断医院认定明细",
        [
            Column("诊断医院", 30),
            Column("申请编号", 18, "@"),
            Column("姓名", 10),
            Column("站代码", 9, "@"),
            Column("病种", 24),
            Column("结论", 10),
            Column("评审日期", 12, "yyyy-mm-dd"),
            Column("不通过理由", 40),
        ],
        lines,
    )
    save_book(book, out)


STANDING_ZH = {
    "upheld": "改判通过",
    "dismissed": "维持不通过",
    "waiting": "待评审",
    "exam_required": "需体检",
    "supplement_requested": "需补充材料",
    "withdrawn": "已撤回",
}


def write_appeals(report: AppealReport, office: str, out: Path) -> None:
    """Every appealed disease, then the count of each standing."""
    book = new_book()
    rows: list[list[Any]] = [
        [
            line.application_number,
            line.name,
            line.station_code,
            line.disease_name,
            line.lodged_on,
            "；".join(line.reasons),
            STANDING_ZH[line.standing],
            line.decided_on,
        ]
        for line in report.lines
    ]
    tally = "，".join(f"{STANDING_ZH[s]} {n}" for s, n in report.counts.items() if n)
    add_sheet(
        book,
        "申请复核",
        f"{office} {_period(report.quarter)} 申请复核情况（人次）",
        [
            Column("申请编号", 18, "@"),
            Column("姓名", 10),
            Column("站代码", 9, "@"),
            Column("病种", 24),
            Column("申请日期", 12, "yyyy-mm-dd"),
            Column("复核理由", 40),
            Column("复核结果", 12),
            Column("复核日期", 12, "yyyy-mm-dd"),
        ],
        [*rows, [f"合计 {report.total}", "", "", "", None, tally, "", None]],
        total_rows=[len(rows)],
    )
    save_book(book, out)
