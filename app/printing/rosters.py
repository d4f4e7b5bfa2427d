"""Lists of many people: the batch roster for the county (grouped and subtotalled by
disease), the certificate issue-and-sign register, and the public-notice list.

The register and the public list are seen by other applicants, so they show ID
numbers masked (first 6 and last 4); the roster goes to the county and shows them
whole, as the county must check them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from app.certificates.issued import IssuedCertificate
from app.printing.pdf_base import (
    A4_LANDSCAPE,
    LABEL_FILL,
    Document,
    Page,
    chinese_date,
    grid,
    para,
)
from app.printing.printouts import Office, Roster


def _widths(total: float, parts: Sequence[float]) -> list[float]:
    scale = total / sum(parts)
    return [p * scale for p in parts]


def batch_roster(roster: Roster, out: Path, page: Page = A4_LANDSCAPE) -> None:
    doc = Document(out, "汇总花名册", roster.office.name, page)
    header = ["序号", "申请编号", "姓名", "性别", "年龄", "身份证号", "村组", "类型", "诊断医院"]
    widths = _widths(doc.width, [5, 16, 9, 5, 5, 17, 12, 7, 24])
    rows: list[list[str]] = [header]
    subtotal_rows: list[int] = []
    people = set()
    summary: list[list[str]] = [["病种", "人数"]]
    by_disease = groupby(roster.lines, key=lambda x: (x.disease_code, x.disease_name))
    for (code, name), group in by_disease:
        lines = list(group)
        summary.append([f"{name}（{code}）", str(len(lines))])
        rows.append([f"病种：{name}（{code}）", *[""] * (len(header) - 1)])
        subtotal_rows.append(len(rows) - 1)
        for n, line in enumerate(lines, 1):
            people.add(line.application_number)
            rows.append(
                [
                    str(n),
                    line.application_number,
                    line.name,
                    line.gender,
                    str(line.age),
                    line.id_number,
                    line.village,
                    line.kind,
                    line.hospital,
                ]
            )
        rows.append([f"小计：{name} {len(lines)} 人", *[""] * (len(header) - 1)])
        subtotal_rows.append(len(rows) - 1)
    rows.append(
        [
            f"合计：{len(roster.lines)} 人次（{len(people)} 人；一人申报两个病种计两人次）",
            *[""] * (len(header) - 1),
        ]
    )
    subtotal_rows.append(len(rows) - 1)
    table = grid(
        rows,
        widths,
        header=True,
        spans=[((0, r), (-1, r)) for r in subtotal_rows],
    )
    table.setStyle(TableStyle([("BACKGROUND", (0, r), (-1, r), LABEL_FILL) for r in subtotal_rows]))
    doc.build(
        [
            para(f"{roster.office.name} {roster.title}", "title"),
            para(f"批次号：{roster.batch_number}　　评审季度：{roster.quarter}", "subtitle"),
            para("按病种汇总", "heading"),
            grid(
                [*summary, ["合计", str(len(roster.lines))]],
                [doc.width * 0.4, doc.width * 0.1],
                header=True,
                label_cells=[(0, len(summary)), (1, len(summary))],
            ),
            Spacer(1, 4 * mm),
            para("明细", "heading"),
            table,
            Spacer(1, 6 * mm),
            para("填报人：　　　　　　　审核人：　　　　　　　乡镇合管站（盖章）", "body"),
        ]
    )


def issue_register(
    lines: Sequence[IssuedCertificate], out: Path, office: Office, page: Page = A4_LANDSCAPE
) -> None:
    """Who collected which certificate: one row each, with signature columns; the
    day and the agent filled in from the hand-out records, the signature by hand."""
    doc = Document(out, "发证签收登记表", office.name, page)
    header = [
        "序号",
        "证号",
        "姓名",
        "身份证号",
        "病种",
        "有效期",
        "领取日期",
        "领取人签名",
        "代领人及关系",
    ]
    widths = _widths(doc.width, [5, 15, 7, 18, 24, 18, 9, 11, 12])
    rows = [header] + [
        [
            str(n),
            line.number,
            line.name,
            line.masked_id,
            line.diseases_label,
            f"{line.valid_from:%Y.%m.%d}-{line.valid_until:%Y.%m.%d}"
            if line.valid_until
            else f"{line.valid_from:%Y.%m.%d} 起长期",
            f"{line.handed_out_on:%Y.%m.%d}" if line.handed_out_on else "",
            "",
            line.agent,
        ]
        for n, line in enumerate(lines, 1)
    ]
    table = grid(rows, widths, header=True)
    # Room to sign by hand, and more when a long list of diseases needs it.
    table.setStyle(
        TableStyle([("TOPPADDING", (0, 1), (-1, -1), 9), ("BOTTOMPADDING", (0, 1), (-1, -1), 9)])
    )
    doc.build(
        [
            para(f"{office.name} 慢性病证发放签收登记表", "title"),
            para(f"共 {len(lines)} 份", "subtitle"),
            table,
        ]
    )


def public_list(
    lines: Sequence[IssuedCertificate],
    out: Path,
    office: Office,
    quarter: str,
    days: int = 7,
    page: Page = A4_LANDSCAPE,
    period: tuple[date, date] | None = None,
) -> None:
    """公示名单: masked ID numbers only, with the notice period and where to object
    (`period`: its first and last day, when the county has set them)."""
    doc = Document(out, "公示名单", office.name, page)
    header = ["序号", "姓名", "性别", "身份证号", "乡镇（站）", "村", "认定病种", "证号"]
    widths = _widths(doc.width, [5, 9, 5, 17, 10, 12, 30, 16])
    rows = [header] + [[str(n), *line.public_columns()] for n, line in enumerate(lines, 1)]
    contact = office.phone or "　　　　　　"
    story: list[Flowable] = [
        para(f"{office.name} {quarter} 慢性病门诊待遇认定人员公示名单", "title"),
        para(
            f"　　经专家评审，以下 {len(lines)} 人拟认定为慢性病门诊待遇对象，现予公示，"
            f"公示期{_period(period, days)}。如有异议，请在公示期内向{office.name}反映"
            f"（电话：{contact}）。",
            "body",
        ),
        Spacer(1, 3 * mm),
        grid(rows, widths, header=True),
        Spacer(1, 6 * mm),
        para(f"{office.name}（盖章）", "right"),
        para(chinese_date(None), "right"),
    ]
    doc.build(story)


def _period(period: tuple[date, date] | None, days: int) -> str:
    if period is None:
        return f" {days} 天"
    return f"自{chinese_date(period[0])}至{chinese_date(period[1])}"
