"""The renewal notice (慢性病证到期换证通知书): one page per holder whose certificate
ends soon, to hand over or post, saying what to bring and by when. Chinese, as the
station hands it over."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.certificates.renewals import Due
from app.printing.pdf_base import A5_PAGE, Document, Page, chinese_date, para

TITLE = "慢性病证到期换证通知书"


def renewal_notices(
    due: Sequence[Due], office: str, out: Path, day: str, page: Page = A5_PAGE
) -> None:
    """`day`: the notice's date as printed (chinese_date of today)."""
    if not due:
        raise ValueError("no certificate is due for renewal")
    doc = Document(out, TITLE, office, page)
    story: list[Flowable] = []
    for n, item in enumerate(due):
        c = item.certificate
        if n:
            story.append(PageBreak())
        ends = chinese_date(c.valid_until)
        story += [
            para(TITLE, "title"),
            para(f"证号：{c.number}", "subtitle"),
            para(f"{c.name}（{c.village}）：", "body"),
            para(
                f"　　您的慢性病证（{c.diseases_label}）有效期至 {ends}。为使待遇不中断，"
                f"请于 {ends} 前本人或委托代办人携带身份证、医保卡（合作医疗证）、"
                "原慢性病证及近期诊断证明、检查报告，到本站办理换证。"
                "新证自原证期满次日起生效。",
                "body",
            ),
            Spacer(1, 10 * mm),
            para(f"{office}（盖章）", "right"),
            para(day, "right"),
        ]
    doc.build(story)
