"""The county's filing with the national platform: what is owed (registrations of
certificates in effect not yet sent, revocations of answered ones that ended early),
sending it as files, and the county's area code the records carry.

Sending marks each record sent in the same transaction that is committed only once
both files are fully written beside their final names; the files are put in place
after the commit. A crash before the commit leaves nothing marked and no file under
the names asked for; after it, renaming is all that is left to do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    Application,
    Certificate,
    Disease,
    Hospital,
    Installation,
    NationalFiling,
    Peer,
    Person,
)
from app.db.types import utcnow
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import COUNTY_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.national.records import (
    AREA,
    AREA_SETTING,
    Holder,
    Registration,
    Revocation,
    registration_data,
    revocation_data,
)
from app.national.reply import ReplyLine
from app.review.register import CertificateRegister, Standing
from app.security import audit
from app.security.actor import Actor, require_role

# Held by one desk at a time: two desks sending at once would send a record twice.
NATIONAL_LOCK = "national"


def require_county(db: Database) -> None:
    """Only the county files with the platform (a station's catalogue and files are
    mirrors of what the county holds)."""
    if db.installation().role != InstallationRole.COUNTY:
        raise NcmsError("national.county_only")


@dataclass(frozen=True)
class Owed:
    """What the platform has not been sent yet, complete or held back."""

    registrations: tuple[Registration, ...]
    revocations: tuple[Revocation, ...]
    training: bool = False  # a training county's: practice files, never to be sent

    @property
    def ready(self) -> tuple[list[Registration], list[Revocation]]:
        return (
            [r for r in self.registrations if not r.missing],
            [r for r in self.revocations if not r.missing],
        )

    @property
    def held_back(self) -> list[Registration | Revocation]:
        held: list[Registration | Revocation] = [r for r in self.registrations if r.missing]
        return held + [r for r in self.revocations if r.missing]


@dataclass(frozen=True)
class Sent:
    registrations: int
    revocations: int
    held_back: int
    paths: tuple[Path, ...] = field(default=())


@dataclass(frozen=True)
class Answered:
    """What a reply file did: serials recorded, lines already recorded (the same
    file imported again changes nothing), and lines about nothing sent from here or
    naming another serial than the one held (left as they were, for the county to ask)."""

    recorded: int
    unchanged: int
    unmatched: tuple[ReplyLine, ...]
    conflicting: tuple[ReplyLine, ...]


Writer = Callable[[Owed, Path], None]


class NationalFilingService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def require_county(self) -> None:
        require_county(self.db)

    def area(self) -> str:
        """The county's area code (医保区划) the records carry; "" until it is set."""
        value = (self.db.installation().settings or {}).get(AREA_SETTING, "")
        return value if isinstance(value, str) else ""

    def set_area(self, actor: Actor, code: str) -> None:
        require_role(actor, COUNTY_ROLES, "national.area")
        code = code.strip()
        if not AREA.match(code):
            raise ValidationError([Problem("area", "national.bad_area", {"value": code})])
        with self.db.session() as session:
            me = session.execute(select(Installation).with_for_update()).scalar_one()
            before = (me.settings or {}).get(AREA_SETTING, "")
            if before == code:
                return
            me.settings = {**(me.settings or {}), AREA_SETTING: code}
            audit.record(
                session,
                actor,
                "national.area",
                "installation",
                me.id,
                before={AREA_SETTING: before},
                after={AREA_SETTING: code},
            )

    def owed(self, *, unanswered: bool = False) -> Owed:
        """Registrations of certificates in effect not yet sent (`unanswered`: also
        those sent and never answered, as when the file never reached the province),
        and revocations not yet sent of answered registrations that ended early."""
        self.require_county()
        with self.db.reader() as session:
            return self._owed(session, unanswered)

    def send(
        self,
        actor: Actor,
        out: Path,
        write_workbook: Writer,
        jsonl: Path | None = None,
        write_jsonl: Writer | None = None,
        *,
        unanswered: bool = False,
    ) -> Sent:
        """Write what is owed to `out` (and `jsonl`), and mark what was written sent.
        Nothing owed and nothing held back: no file is written."""
        require_role(actor, COUNTY_ROLES, "national.export")
        self.require_county()
        targets = [(out, write_workbook)]
        if jsonl is not None and write_jsonl is not None:
            targets.append((jsonl, write_jsonl))
        if not self.area():
            raise NcmsError("national.area_needed")
        with self.db.exclusive(NATIONAL_LOCK), self.db.session() as session:
            owed = self._owed(session, unanswered)
            registrations, revocations = owed.ready
            counts = Sent(len(registrations), len(revocations), len(owed.held_back))
            if not (registrations or revocations or owed.held_back):
                return counts
            drafts = [(_draft_path(path), path, write) for path, write in targets]
            try:
                for draft, _, write in drafts:
                    write(owed, draft)
                self._mark_sent(session, actor, registrations, revocations, counts)
                session.flush()
            except BaseException:
                for draft, _, _ in drafts:
                    draft.unlink(missing_ok=True)
                raise
        # Committed: the files take their names.
        for draft, path, _ in drafts:
            draft.replace(path)
        return Sent(
            counts.registrations,
            counts.revocations,
            counts.held_back,
            tuple(path for _, path, _ in drafts),
        )

    def record_reply(self, actor: Actor, lines: list[ReplyLine]) -> Answered:
        """Keep each serial on the registration it answers: the one sent for that
        person number and disease code still without a serial (the newest first, a
        renewal's before the certificate it replaced)."""
        require_role(actor, COUNTY_ROLES, "national.reply")
        self.require_county()
        recorded = unchanged = 0
        unmatched, conflicting = [], []
        with self.db.exclusive(NATIONAL_LOCK), self.db.session() as session:
            wanted = {line.psn_no for line in lines}
            by_key: dict[tuple[str, str], list[NationalFiling]] = {}
            for filing in session.scalars(
                select(NationalFiling)
                .where(NationalFiling.psn_no.in_(list(wanted)))
                .order_by(NationalFiling.sent_at.desc())
            ):
                by_key.setdefault((filing.psn_no, filing.opsp_dise_code), []).append(filing)
            now = utcnow()
            for line in lines:
                filings = by_key.get((line.psn_no, line.disease_code), [])
                if any(f.serial == line.serial for f in filings):
                    unchanged += 1
                    continue
                waiting = [f for f in filings if not f.serial]
                if waiting:
                    waiting[0].serial, waiting[0].answered_at = line.serial, now
                    recorded += 1
                elif filings:
                    conflicting.append(line)
                else:
                    unmatched.append(line)
            if not recorded:
                return Answered(0, unchanged, tuple(unmatched), tuple(conflicting))
            audit.record(
                session,
                actor,
                "national.reply",
                "national_filing",
                "",
                after={
                    "recorded": recorded,
                    "unchanged": unchanged,
                    "unmatched": len(unmatched),
                    "conflicting": len(conflicting),
                },
            )
        return Answered(recorded, unchanged, tuple(unmatched), tuple(conflicting))

    def _mark_sent(
        self,
        session: Session,
        actor: Actor,
        registrations: list[Registration],
        revocations: list[Revocation],
        counts: Sent,
    ) -> None:
        now = utcnow()
        held = {
            (f.certificate_id, f.disease_code): f
            for f in session.scalars(
                select(NationalFiling).where(
                    NationalFiling.certificate_id.in_(
                        [r.holder.certificate_id for r in registrations]
                    )
                )
            )
        }
        for registration in registrations:
            key = (registration.holder.certificate_id, registration.holder.disease_code)
            filing = held.get(key)
            if filing is None:
                filing = NationalFiling(certificate_id=key[0], disease_code=key[1])
                session.add(filing)
            filing.psn_no = registration.data["psn_no"]
            filing.opsp_dise_code = registration.data["opsp_dise_code"]
            filing.sent_at, filing.sent_by = now, actor.username
        revoked = {r.filing_id for r in revocations}
        for filing in session.scalars(
            select(NationalFiling).where(NationalFiling.id.in_(list(revoked)))
        ):
            filing.revocation_sent_at = now
        audit.record(
            session,
            actor,
            "national.export",
            "national_filing",
            "",
            after={
                "registrations": counts.registrations,
                "revocations": counts.revocations,
                "held_back": counts.held_back,
            },
        )

    def _owed(self, session: Session, unanswered: bool) -> Owed:
        me = session.execute(select(Installation)).scalar_one()
        area = (me.settings or {}).get(AREA_SETTING, "")
        area = area if isinstance(area, str) else ""
        filings = {
            (f.certificate_id, f.disease_code): f for f in session.scalars(select(NationalFiling))
        }
        standing = {
            e.certificate.id: e.standing for e in CertificateRegister(self.db, self.today).entries()
        }
        diseases = {d.code: d for d in session.scalars(select(Disease))}
        offices = dict(session.execute(select(Peer.code, Peer.name)).all())
        registrations, revocations = [], []
        for certificate, app, person, hospital in _certificates(session):
            station = offices.get(app.station_code, app.station_code)
            for item in certificate.diseases:
                code = item["code"]
                disease = diseases.get(code)
                holder = Holder(
                    certificate.id,
                    certificate.number,
                    person.name,
                    station,
                    code,
                    disease.name_zh if disease else code,
                )
                filing = filings.get((certificate.id, code))
                if certificate.revoked_on is not None:
                    if filing is not None and filing.revocation_sent_at is None:
                        revocations.append(
                            Revocation(
                                holder,
                                filing.id,
                                certificate.revoked_on,
                                revocation_data(
                                    filing.psn_no, filing.serial, certificate.revoked_reason
                                ),
                            )
                        )
                    continue
                if standing.get(certificate.id) != Standing.IN_EFFECT:
                    continue
                if filing is not None and (filing.serial or not unanswered):
                    continue
                registrations.append(
                    _registration(holder, certificate, item, app, person, hospital, disease, area)
                )
        return Owed(tuple(registrations), tuple(revocations), me.training)


def _certificates(
    session: Session,
) -> Iterable[tuple[Certificate, Application, Person, Hospital | None]]:
    query = (
        select(Certificate, Application, Person, Hospital)
        .join(Application, Application.id == Certificate.application_id)
        .join(Person, Person.id == Application.person_id)
        .outerjoin(Hospital, Hospital.code == Application.hospital_code)
        .order_by(Certificate.number)
    )
    for row in session.execute(query):
        certificate, app, person, hospital = row
        yield certificate, app, person, hospital


def _registration(
    holder: Holder,
    certificate: Certificate,
    item: dict[str, Any],
    app: Application,
    person: Person,
    hospital: Hospital | None,
    disease: Disease | None,
    area: str,
) -> Registration:
    until = item.get("valid_until")
    return Registration(
        holder,
        registration_data(
            psn_no=person.psn_no,
            insutype=person.insutype,
            national_code=disease.national_code if disease else "",
            national_name=disease.national_name if disease else "",
            phone=person.phone or app.agent_phone,
            address=person.address,
            area=area,
            hospital_national_code=hospital.national_code if hospital else "",
            hospital_name=hospital.name if hospital else "",
            diagnosed_on=app.diagnosis_date,
            doctor_code=app.doctor_code,
            doctor_name=app.doctor_name,
            valid_from=certificate.valid_from,
            # Each disease's own end (None: permanent), as the certificate prints it.
            valid_until=date.fromisoformat(until) if until else None,
        ),
        cross_province=bool(disease and disease.cross_province),
    )


def _draft_path(path: Path) -> Path:
    """Beside the final name, so putting it in place is a rename on one disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".ncms-{uuid.uuid4().hex[:8]}-{path.name}")
