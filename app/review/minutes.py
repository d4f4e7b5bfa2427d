"""评审会议纪要: the minutes of a closed committee meeting — who sat, what was
concluded on each case and by which two experts, the certificate numbers issued —
with a line for each member's signature."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.print_labels import OUTCOME_ZH, outcome_zh
from app.domain.vocabulary import Outcome
from app.printing.pdf_base import A4_LANDSCAPE, Document, Page, chinese_date, grid, para
from app.printing.printouts import Office
from app.review.meeting import Minutes, MinutesLine

_HEADER = ["序号", "申请编号", "姓名", "合管站", "病种", "结论", "说明", "评审专家", "证号"]
# 证号 is fifteen characters with no break in them (county code, year, sequence).
_PARTS = [4, 13, 7, 7, 14, 7, 23, 11, 15]


def _explained(line: MinutesLine) -> str:
    """What the conclusion says besides its word: the grade, the reasons, where and
    by when the examination is."""
    if line.withdrawn:
        return "已撤回，不再评审"
    if not line.outcome:
        return "暂缓，转下次会议"
    parts = ["申请复核"] if line.appeal else []
    if line.outcome == Outcome.APPROVED and line.category:
        parts.append(f"{line.category}类")
    if line.reasons:
        parts.append(line.reasons)
    if line.exam_hospital:
        due = f"，{chinese_date(line.exam_by)}前" if line.exam_by else ""
        parts.append(f"体检医院：{line.exam_hospital}{due}")
    return "；".join(parts)


def write_minutes(minutes: Minutes, office: Office, out: Path, page: Page = A4_LANDSCAPE) -> None:
    meeting = minutes.meeting
    doc = Document(out, "评审会议纪要", office.name, page)
    total = sum(_PARTS)
    widths = [doc.width * p / total for p in _PARTS]
    rows: list[list[str]] = [_HEADER]
    for line in minutes.lines:
        rows.append(
            [
                str(line.position),
                line.application_number,
                line.name,
                line.station_code,
                line.disease_name,
                "撤回" if line.withdrawn else outcome_zh(line.outcome) if line.outcome else "暂缓",
                _explained(line),
                "、".join(line.experts),
                line.certificate,
            ]
        )
    counts = Counter("withdrawn" if line.withdrawn else line.outcome for line in minutes.lines)
    tally = "，".join(
        f"{label} {counts[outcome]} 件" for outcome, label in OUTCOME_ZH.items() if counts[outcome]
    )
    deferred = f"，暂缓 {counts['']} 件" if counts[""] else ""
    deferred += f"，撤回 {counts['withdrawn']} 件" if counts["withdrawn"] else ""
    members = "、".join(meeting.members)
    story: list[Flowable] = [
        para(f"{office.name} 慢性病门诊认定专家评审会议纪要", "title"),
        para(f"会议日期：{chinese_date(meeting.held_on)}　　出席专家：{members}", "subtitle"),
        para(
            f"　　本次会议按病种准入标准逐件评审 {len(minutes.lines)} 件"
            f"（{tally or '无结论'}{deferred}），每件结论经两名专家一致同意。结论如下：",
            "body",
        ),
        Spacer(1, 3 * mm),
        grid(rows, widths, header=True),
        Spacer(1, 8 * mm),
        para("出席专家签名：" + "　　".join(f"{m}＿＿＿＿＿＿" for m in meeting.members), "body"),
        Spacer(1, 4 * mm),
        para(f"记录人：{minutes.closed_by}　　　　{chinese_date(meeting.held_on)}", "right"),
    ]
    doc.build(story)
