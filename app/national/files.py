"""The files the national platform's records go out in: a workbook for the provincial
back office (the registrations, the revocations, and what was held back and why), and
JSON lines for an interface script, one transaction per line as the platform's
request carries it: `{"infno": "2503", "input": {"data": {...}}}`."""

from __future__ import annotations

import json
from pathlib import Path

from app.errors import NcmsError
from app.national.owed import Owed
from app.national.records import (
    LABELS,
    REGISTRATION,
    REGISTRATION_FIELDS,
    REVOCATION,
    REVOCATION_FIELDS,
    Registration,
    Revocation,
)
from app.printing.xlsx_base import Column, add_sheet, new_book, save_book

_WIDTHS = {"addr": 30, "ide_fixmedins_name": 22, "memo": 30, "opsp_dise_name": 16}
_TRAINING = "（培训数据，不得上报）"


def _field_columns(fields: tuple[str, ...]) -> list[Column]:
    # The platform's field name under the Chinese label: the back office maps by it.
    return [Column(f"{LABELS[f]}\n{f}", _WIDTHS.get(f, 14), "@") for f in fields]


def write_workbook(owed: Owed, out: Path) -> None:
    registrations, revocations = owed.ready
    mark = _TRAINING if owed.training else ""
    book = new_book()
    add_sheet(
        book,
        f"{REGISTRATION} 备案",
        f"人员慢特病备案（{REGISTRATION}）{mark}",
        [
            *_field_columns(REGISTRATION_FIELDS),
            Column("跨省直接结算", 12),
            Column("证号", 17, "@"),
            Column("姓名", 10),
            Column("乡镇（站）", 16),
        ],
        [
            [
                *(r.data[f] for f in REGISTRATION_FIELDS),
                "是" if r.cross_province else "否",
                r.holder.number,
                r.holder.name,
                r.holder.station,
            ]
            for r in registrations
        ],
    )
    add_sheet(
        book,
        f"{REVOCATION} 撤销",
        f"人员慢特病备案撤销（{REVOCATION}）{mark}",
        [
            *_field_columns(REVOCATION_FIELDS),
            Column("证号", 17, "@"),
            Column("姓名", 10),
            Column("撤销日期", 12, "yyyy-mm-dd"),
        ],
        [
            [*(r.data[f] for f in REVOCATION_FIELDS), r.holder.number, r.holder.name, r.revoked_on]
            for r in revocations
        ],
    )
    add_sheet(
        book,
        "未导出",
        f"未导出：缺少必填项，补齐后再导出{mark}",
        [
            Column("交易", 8, "@"),
            Column("证号", 17, "@"),
            Column("姓名", 10),
            Column("乡镇（站）", 16),
            Column("病种", 20),
            Column("缺少", 48),
        ],
        [_held_back_row(r) for r in owed.held_back],
    )
    save_book(book, out)


def _held_back_row(record: Registration | Revocation) -> list[str]:
    h = record.holder
    kind = REGISTRATION if isinstance(record, Registration) else REVOCATION
    return [kind, h.number, h.name, h.station, h.disease_name, missing_text(record)]


# Why a complete registration is held back (app/national/owed.py).
WAITS_TEXT = "同一人同一病种的前一条备案尚待平台回复"


def missing_text(record: Registration | Revocation) -> str:
    """人员编号（psn_no）、诊断医师编码（diag_dr_codg）: what holds the record back."""
    if not record.missing and isinstance(record, Registration) and record.waits:
        return WAITS_TEXT
    return "、".join(f"{LABELS[f]}（{f}）" for f in record.missing)


def write_jsonl(owed: Owed, out: Path) -> None:
    """Refused for a training county: lines an interface script would submit carry no
    mark of practice, as a workbook's title does."""
    if owed.training:
        raise NcmsError("national.training_jsonl")
    registrations, revocations = owed.ready
    with out.open("w", encoding="utf-8", newline="\n") as file:
        for infno, records in ((REGISTRATION, registrations), (REVOCATION, revocations)):
            for record in records:
                line = {"infno": infno, "input": {"data": dict(record.data)}}
                file.write(json.dumps(line, ensure_ascii=False) + "\n")
