"""Where each record for the national platform stands — held back (and what it
lacks), to send, sent and not yet answered, answered (with its serial), its
revocation to send or sent — as a county report and a workbook."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from app.db.models import Application, Certificate, Disease, NationalFiling, Peer, Person
from app.national.files import missing_text
from app.national.filing import NationalFilingService
from app.national.records import Holder, Registration, Revocation
from app.printing.xlsx_base import Column, add_sheet, new_book, save_book


class FilingState(StrEnum):
    HELD_BACK = "held_back"
    TO_SEND = "to_send"
    SENT = "sent"  # and not yet answered
    ANSWERED = "answered"
    REVOCATION_TO_SEND = "revocation_to_send"
    REVOCATION_SENT = "revocation_sent"


STATE_ZH = {
    FilingState.HELD_BACK: "缺项未导出",
    FilingState.TO_SEND: "待导出",
    FilingState.SENT: "已导出，待平台回复",
    FilingState.ANSWERED: "平台已备案",
    FilingState.REVOCATION_TO_SEND: "撤销待导出",
    FilingState.REVOCATION_SENT: "撤销已导出",
}


@dataclass(frozen=True)
class FilingLine:
    holder: Holder
    state: FilingState
    missing: tuple[str, ...] = ()
    sent_at: datetime | None = None
    serial: str = ""
    answered_at: datetime | None = None
    why: str = ""  # held back: what it lacks, or what it waits for (the workbook's words)


def filing_status(service: NationalFilingService) -> list[FilingLine]:
    """Every record, by certificate number and disease."""
    owed = service.owed()
    lines: dict[tuple[str, str], FilingLine] = {}
    with service.db.reader() as session:
        diseases = dict(session.execute(select(Disease.code, Disease.name_zh)).all())
        offices = dict(session.execute(select(Peer.code, Peer.name)).all())
        query = (
            select(NationalFiling, Certificate.number, Person.name, Application.station_code)
            .join(Certificate, Certificate.id == NationalFiling.certificate_id)
            .join(Application, Application.id == Certificate.application_id)
            .join(Person, Person.id == Application.person_id)
        )
        for filing, number, name, station in session.execute(query):
            holder = Holder(
                filing.certificate_id,
                number,
                name,
                offices.get(station, station),
                filing.disease_code,
                diseases.get(filing.disease_code, filing.disease_code),
            )
            if filing.revocation_sent_at is not None:
                state = FilingState.REVOCATION_SENT
            else:
                state = FilingState.ANSWERED if filing.serial else FilingState.SENT
            lines[(number, filing.disease_code)] = FilingLine(
                holder, state, (), filing.sent_at, filing.serial, filing.answered_at
            )
    records: list[Registration | Revocation] = [*owed.registrations, *owed.revocations]
    for record in records:
        key = (record.holder.number, record.holder.disease_code)
        held = lines.get(key)
        if record.missing or (isinstance(record, Registration) and record.waits):
            state = FilingState.HELD_BACK
        elif isinstance(record, Registration):
            state = FilingState.TO_SEND
        else:
            state = FilingState.REVOCATION_TO_SEND
        lines[key] = FilingLine(
            record.holder,
            state,
            record.missing,
            held.sent_at if held else None,
            held.serial if held else "",
            held.answered_at if held else None,
            missing_text(record) if state == FilingState.HELD_BACK else "",
        )
    return [lines[k] for k in sorted(lines)]


def counts(lines: list[FilingLine]) -> dict[FilingState, int]:
    found = Counter(line.state for line in lines)
    return {state: found.get(state, 0) for state in FilingState}


def write_status(lines: list[FilingLine], office: str, out: Path) -> None:
    book = new_book()
    add_sheet(
        book,
        "国家平台备案",
        f"{office} 门诊慢特病国家平台备案情况",
        [
            Column("证号", 17, "@"),
            Column("姓名", 10),
            Column("乡镇（站）", 16),
            Column("病种", 20),
            Column("状态", 18),
            Column("导出时间", 17, "yyyy-mm-dd hh:mm"),
            Column("待遇申报明细流水号", 22, "@"),
            Column("回复时间", 17, "yyyy-mm-dd hh:mm"),
            Column("缺少", 40),
        ],
        [
            [
                line.holder.number,
                line.holder.name,
                line.holder.station,
                line.holder.disease_name,
                STATE_ZH[line.state],
                _local(line.sent_at),
                line.serial,
                _local(line.answered_at),
                line.why,
            ]
            for line in lines
        ],
    )
    save_book(book, out)


def _local(at: datetime | None) -> datetime | None:
    """Local wall time without a zone: a workbook cell holds no time zone."""
    return at.astimezone().replace(tzinfo=None) if at is not None else None
