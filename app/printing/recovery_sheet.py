"""The recovery key on paper, for the station's safe: the key as text (in groups,
for typing back) and as a QR code (for a scanner), with what it is for.

It is printed once, at `init` or when a new key is made, and never stored on the
PC: whoever holds it can open every backup made since, so it belongs with the seal.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import segno
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer

from app.printing.pdf_base import Document, chinese_date, grid, para


def _groups(key: str, size: int = 8) -> str:
    """AGE-SECRET-KEY-1 then the rest in groups of 8, four groups a line."""
    head, rest = key[:16], key[16:]
    groups = [rest[i : i + size] for i in range(0, len(rest), size)]
    lines = [" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    return "\n".join([head, *lines])


def recovery_sheet(out: Path, office: str, code: str, key: str, made: date) -> None:
    doc = Document(out, "数据恢复密钥", office)
    qr = io.BytesIO()
    segno.make(key, error="m", micro=False).save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    story: list[Flowable] = [
        para("数据恢复密钥 · Backup recovery key", "title"),
        para(f"{office}（{code}）　生成日期：{chinese_date(made)}", "subtitle"),
        grid(
            [
                [
                    "用途",
                    "电脑损坏或丢失时，用此密钥在新电脑上打开备份文件，恢复全部数据。",
                ],
                ["保管", "打印后放入保险柜，与公章同等保管；不要拍照，不要保存在电脑或U盘上。"],
                [
                    "使用",
                    "ncms restore 备份文件 --recovery-key 密钥文件（下面的文字录入文本文件）",
                ],
            ],
            [30 * mm, doc.width - 30 * mm],
            label_cells=[(0, 0), (0, 1), (0, 2)],
        ),
        Spacer(1, 8 * mm),
        Image(qr, 60 * mm, 60 * mm),
        Spacer(1, 6 * mm),
        para(_groups(key), "heading"),
        Spacer(1, 6 * mm),
        para(
            "Whoever holds this key can open every backup made since this date. "
            "Keep it in the safe; it is not stored on the PC.",
            "small",
        ),
    ]
    doc.build(story)
