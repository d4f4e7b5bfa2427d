"""The data behind each printed form, read in one session: an application's sheet
(approval form, receipt, notices) and a batch's roster. The certificate register and
the public-notice list read app/certificates/issued.py. The drawing is in app/printing;
nothing here knows a page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.appeals.rules import rejection_of
from app.db.database import Database
from app.db.models import (
    Appeal,
    Application,
    Batch,
    Decision,
    Disease,
    Hospital,
    Installation,
    Material,
    StateChange,
)
from app.domain.catalogue import Rules
from app.domain.print_labels import gender_zh, kind_zh, level_zh
from app.domain.quarters import cutoff_date, next_quarter, quarter_label, quarter_start
from app.domain.vocabulary import ChecklistStatus, Outcome
from app.domain.workflow import Role, State
from app.errors import NcmsError
from app.intake.catalogue import CatalogueService
from app.intake.rules import age_on
from app.security import audit
from app.security.actor import Actor, require_role
from app.security.names import display_names

OFFICE_KEY = "office"  # installation settings: {"phone": …, "address": …}
STATUS_ZH: dict[str, str] = {
    ChecklistStatus.PROVIDED: "已提供",
    ChecklistStatus.MISSING: "缺少",
    ChecklistStatus.INSUFFICIENT: "不符合要求",
    ChecklistStatus.PENDING: "待核",
}


@dataclass(frozen=True)
class Office:
    name: str
    code: str
    phone: str
    address: str


@dataclass(frozen=True)
class MaterialLine:
    name: str
    status: str  # a ChecklistStatus value; `status_zh` is what the forms print
    reason: str

    @property
    def status_zh(self) -> str:
        return STATUS_ZH.get(self.status, self.status)

    @property
    def provided(self) -> bool:
        return self.status == ChecklistStatus.PROVIDED


@dataclass(frozen=True)
class DiseaseLine:
    code: str
    name: str
    category: str
    outcome: str  # pending | approved | rejected
    reasons: tuple[str, ...] = ()  # the county's, when rejected


@dataclass(frozen=True)
class ApplicationSheet:
    number: str
    kind: str  # 新申请 | 复审
    received_on: date | None
    review_quarter: str  # 2027Q1
    office: Office
    name: str
    gender: str  # 男 | 女
    id_number: str
    birth_date: date
    age: int
    ethnicity: str
    address: str
    village: str
    phone: str
    household_number: str
    ncms_card_number: str
    agent_name: str
    agent_id_number: str
    agent_relation: str
    agent_phone: str
    diseases: tuple[DiseaseLine, ...]
    hospital: str
    hospital_level: str
    diagnosis_date: date | None
    doctor: str
    materials: tuple[MaterialLine, ...]
    missing: tuple[MaterialLine, ...]  # the latest notice's list (or what is missing now)
    notice_date: date | None  # when that notice or return was recorded
    station_reasons: tuple[str, ...]  # the station's reasons for returning it
    supplement_by: date  # the quarter's cut-off for materials asked for today
    decided_on: date | None  # the county's decision
    appeal_by: date | None
    received_by: str = ""  # the clerk's display name (经办人), never the login


@dataclass(frozen=True)
class RosterLine:
    application_number: str
    name: str
    gender: str
    age: int
    id_number: str
    village: str
    kind: str
    hospital: str
    disease_code: str
    disease_name: str


@dataclass(frozen=True)
class Roster:
    title: str
    office: Office
    batch_number: str
    quarter: str
    lines: tuple[RosterLine, ...]  # sorted by disease, then application number


def office(db: Database) -> Office:
    me = db.installation()
    extra = me.settings.get(OFFICE_KEY, {})
    return Office(me.name, me.code, str(extra.get("phone", "")), str(extra.get("address", "")))


def save_office(db: Database, actor: Actor, phone: str, address: str) -> Office:
    """The contact printed on notices and lists (station head or administrator)."""
    require_role(actor, (Role.STATION_HEAD, Role.COUNTY_ADMIN, Role.ADMIN), "office.edit")
    value = {"phone": phone.strip()[:40], "address": address.strip()[:120]}
    with db.session() as session:
        me = session.scalars(select(Installation)).one()
        before = me.settings.get(OFFICE_KEY, {})
        me.settings = {**me.settings, OFFICE_KEY: value}
        audit.record(session, actor, "office.edit", "installation", me.id, before, value)
    return office(db)


def supplement_deadline(today: date, rules: Rules) -> date:
    """Materials asked for today count for this quarter's review if they arrive by
    its cut-off; after the cut-off, by the next quarter's."""
    start = quarter_start(today)
    cutoff = cutoff_date(start, rules.quarter_cutoff_day)
    return cutoff if today <= cutoff else cutoff_date(next_quarter(start), rules.quarter_cutoff_day)


class PrintoutService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def office(self) -> Office:
        return office(self.db)

    def save_office(self, actor: Actor, phone: str, address: str) -> Office:
        return save_office(self.db, actor, phone, address)

    def application(self, application_id: uuid.UUID) -> ApplicationSheet:
        rules = CatalogueService(self.db).rules()
        here = office(self.db)
        today = self.today()
        with self.db.reader() as session:
            app = session.scalars(
                select(Application)
                .where(Application.id == application_id)
                .options(
                    selectinload(Application.person),
                    selectinload(Application.diseases),
                    selectinload(Application.checklist),
                )
            ).one_or_none()
            if app is None:
                raise NcmsError("application.not_found", id=str(application_id))
            return self._sheet(session, app, here, rules, today)

    def _sheet(
        self, session: Session, app: Application, here: Office, rules: Rules, today: date
    ) -> ApplicationSheet:
        person = app.person
        materials = dict(session.execute(select(Material.code, Material.name_zh)).all())
        diseases = {d.code: d for d in session.scalars(select(Disease))}
        hospital = session.get(Hospital, app.hospital_code) if app.hospital_code else None
        decisions = session.scalars(
            select(Decision)
            .where(Decision.application_id == app.id, Decision.conflict.is_(False))
            .order_by(Decision.decided_on)
        ).all()
        by_disease = {d.disease_code: d for d in decisions}  # the latest decision per disease
        notice = session.scalars(
            select(StateChange)
            .where(
                StateChange.application_id == app.id,
                StateChange.to_state.in_([State.AWAITING_MATERIALS.value, State.RETURNED.value]),
            )
            .order_by(StateChange.at.desc())
            .limit(1)
        ).first()
        lines = tuple(
            MaterialLine(materials.get(c.material_code, c.material_code), c.status, c.reason)
            for c in sorted(app.checklist, key=lambda c: c.position)
        )
        if notice is not None and notice.missing_items:
            missing = tuple(
                MaterialLine(
                    materials.get(m["material"], m["material"]),
                    m["status"],
                    m.get("reason", ""),
                )
                for m in notice.missing_items
            )
        else:
            missing = tuple(line for line in lines if not line.provided)
        decided_on = max((d.decided_on for d in decisions), default=None)
        clerk = app.received_by
        return ApplicationSheet(
            received_by=display_names(session, [(clerk, "")])[clerk] if clerk else "",
            number=app.number,
            kind=kind_zh(app.kind),
            received_on=app.received_at.date() if app.received_at else None,
            review_quarter=quarter_label(app.quarter) if app.quarter else "",
            office=here,
            name=person.name,
            gender=gender_zh(person.gender),
            id_number=person.id_number,
            birth_date=person.birth_date,
            age=age_on(person.birth_date, today),
            ethnicity=person.ethnicity,
            address=person.address,
            village=" ".join(p for p in (person.village, person.village_group) if p),
            phone=person.phone,
            household_number=person.household_number,
            ncms_card_number=person.ncms_card_number,
            agent_name=app.agent_name,
            agent_id_number=app.agent_id_number,
            agent_relation=app.agent_relation,
            agent_phone=app.agent_phone,
            diseases=tuple(
                DiseaseLine(
                    d.disease_code,
                    diseases[d.disease_code].name_zh,
                    diseases[d.disease_code].category,
                    d.outcome,
                    tuple(by_disease[d.disease_code].reasons)
                    if d.disease_code in by_disease and d.outcome == Outcome.REJECTED
                    else (),
                )
                for d in sorted(app.diseases, key=lambda d: d.position)
            ),
            hospital=hospital.name if hospital else "",
            hospital_level=level_zh(hospital.level) if hospital else "",
            diagnosis_date=app.diagnosis_date,
            # The code beside the name, as the diagnosis paper gives them.
            doctor=f"{app.doctor_name}（{app.doctor_code}）"
            if app.doctor_code
            else app.doctor_name,
            materials=lines,
            missing=missing,
            notice_date=notice.at.date() if notice else None,
            station_reasons=tuple(notice.reasons) if notice else (),
            # From the notice's own date: printing it again never moves the deadline.
            supplement_by=supplement_deadline(notice.at.date() if notice else today, rules),
            decided_on=decided_on,
            appeal_by=_appeal_by(session, app, rules),
        )

    def batch_roster(self, batch_id: uuid.UUID) -> Roster:
        with self.db.reader() as session:
            batch = session.get(Batch, batch_id)
            if batch is None:
                raise NcmsError("batch.not_found", id=str(batch_id))
            lines = self._roster_lines(session, Application.batch_id == batch_id)
            quarter = quarter_label(batch.quarter)
        return Roster(
            title=f"{quarter} 慢性病认定申请汇总花名册",
            office=office(self.db),
            batch_number=batch.number,
            quarter=quarter,
            lines=lines,
        )

    def quarter_roster(self, start: date) -> tuple[RosterLine, ...]:
        """Every application of the review quarter that went into a batch."""
        with self.db.reader() as session:
            return self._roster_lines(
                session, (Application.quarter == start) & Application.batch_id.is_not(None)
            )

    def _roster_lines(self, session: Session, which: Any) -> tuple[RosterLine, ...]:
        today = self.today()
        apps = session.scalars(
            select(Application)
            .where(which)
            .options(selectinload(Application.person), selectinload(Application.diseases))
        ).all()
        names = dict(session.execute(select(Disease.code, Disease.name_zh)).all())
        hospitals = dict(session.execute(select(Hospital.code, Hospital.name)).all())
        lines = (
            RosterLine(
                application_number=app.number,
                name=app.person.name,
                gender=gender_zh(app.person.gender),
                age=age_on(app.person.birth_date, today),
                id_number=app.person.id_number,
                village=app.person.village,
                kind=kind_zh(app.kind),
                hospital=hospitals.get(app.hospital_code or "", ""),
                disease_code=item.disease_code,
                disease_name=names.get(item.disease_code, item.disease_code),
            )
            for app in apps
            for item in app.diseases
        )
        # By disease, then number: the roster is read disease by disease.
        return tuple(sorted(lines, key=lambda line: (line.disease_code, line.application_number)))


def _appeal_by(session: Session, app: Application, rules: Rules) -> date | None:
    """The last day to appeal the application's rejection, as the rejection fixed it;
    None once it was appealed (the committee's answer to an appeal is final here)."""
    if session.scalar(select(Appeal.id).where(Appeal.application_id == app.id)) is not None:
        return None
    rejection = rejection_of(session, app, rules)
    return rejection.deadline if rejection else None
