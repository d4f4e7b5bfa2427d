"""The county's filing with the national platform: what is owed (registrations of
certificates in effect not yet sent, revocations of answered ones that ended early),
sending it as files, and the county's area code the records carry.

Sending marks each record sent in the same transaction that is committed only once
both files are fully written beside their final names, and only after each name was
found free to take (not a folder, not held open by a spreadsheet program); the files
are put in place after the commit. A crash before the commit leaves nothing marked and
no file under the names asked for. Should putting a file in place still fail after
the commit, the whole file is left beside it and the error names it.
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
from app.db.models import Application, Installation, NationalFiling, NationalSupplement
from app.db.types import utcnow
from app.domain.national import RESIDENTS, doctor_code_problems, national_person_problems
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import COUNTY_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.national.owed import Owed, owed_records
from app.national.records import (
    AREA,
    AREA_SETTING,
    Registration,
    Revocation,
)
from app.national.reply import ReplyLine
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

    def complete(
        self, actor: Actor, application_number: str, psn_no: str = "", doctor_code: str = ""
    ) -> None:
        """Type in what an issued file lacks for the platform (the person number from
        the insurance card, the doctor's code from the diagnosis paper): kept at the
        county, used only where the file has none, audited."""
        require_role(actor, COUNTY_ROLES, "national.complete")
        self.require_county()
        psn_no, doctor_code = psn_no.strip().upper(), doctor_code.strip().upper()
        problems = national_person_problems(psn_no, RESIDENTS) + doctor_code_problems(doctor_code)
        if not (psn_no or doctor_code):
            problems.append(Problem("psn_no", "national.nothing_to_complete"))
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            app = session.scalars(
                select(Application).where(Application.number == application_number.strip())
            ).one_or_none()
            if app is None:
                raise NcmsError("national.unknown_application", number=application_number)
            held = session.get(NationalSupplement, app.id, with_for_update=True)
            before = {"psn_no": held.psn_no, "doctor_code": held.doctor_code} if held else {}
            if held is None:
                held = NationalSupplement(application_id=app.id, entered_by=actor.username)
                session.add(held)
                held.psn_no, held.doctor_code = "", ""
            held.psn_no = psn_no or held.psn_no
            held.doctor_code = doctor_code or held.doctor_code
            held.entered_by, held.entered_at = actor.username, utcnow()
            audit.record(
                session,
                actor,
                "national.complete",
                "application",
                app.id,
                before=before,
                after={"psn_no": held.psn_no, "doctor_code": held.doctor_code},
            )

    def owed(self, *, unanswered: bool = False) -> Owed:
        """Registrations of certificates in effect not yet sent (`unanswered`: also
        those sent and never answered, as when the file never reached the province),
        and revocations not yet sent of answered registrations that ended early."""
        self.require_county()
        with self.db.reader() as session:
            return owed_records(self.db, session, self.today, unanswered)

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
            owed = owed_records(self.db, session, self.today, unanswered)
            registrations, revocations = owed.ready
            counts = Sent(len(registrations), len(revocations), len(owed.held_back))
            if not (registrations or revocations or owed.held_back):
                return counts
            for path, _ in targets:
                _check_replaceable(path)
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
            try:
                draft.replace(path)
            except OSError:
                raise NcmsError("national.not_renamed", draft=draft, path=path) from None
        return Sent(
            counts.registrations,
            counts.revocations,
            counts.held_back,
            tuple(path for _, path, _ in drafts),
        )

    def record_reply(self, actor: Actor, lines: list[ReplyLine]) -> Answered:
        """Keep each serial on the registration it answers: the one sent for that
        person number and disease code still without a serial (only one is ever out
        at a time: app/national/owed.py)."""
        require_role(actor, COUNTY_ROLES, "national.reply")
        self.require_county()
        recorded = unchanged = 0
        unmatched, conflicting = [], []
        with self.db.exclusive(NATIONAL_LOCK), self.db.session() as session:
            wanted = sorted({line.psn_no for line in lines})
            by_key: dict[tuple[str, str], list[NationalFiling]] = {}
            for chunk in _chunks(wanted):
                for filing in session.scalars(
                    select(NationalFiling).where(NationalFiling.psn_no.in_(chunk))
                ):
                    by_key.setdefault((filing.psn_no, filing.opsp_dise_code), []).append(filing)
            now = utcnow()
            for line in lines:
                filings = by_key.get((line.psn_no, line.disease_code), [])
                if any(f.serial == line.serial for f in filings):
                    unchanged += 1
                    continue
                waiting = [f for f in filings if not f.serial]
                if len(waiting) == 1:
                    waiting[0].serial, waiting[0].answered_at = line.serial, now
                    recorded += 1
                elif filings:  # another serial, or (sent before one per key) not one
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
        ids = sorted({r.holder.certificate_id for r in registrations})
        held = {
            (f.certificate_id, f.disease_code): f
            for chunk in _chunks(ids)
            for f in session.scalars(
                select(NationalFiling).where(NationalFiling.certificate_id.in_(chunk))
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
        revoked = sorted({r.filing_id for r in revocations})
        for chunk in _chunks(revoked):
            for filing in session.scalars(
                select(NationalFiling).where(NationalFiling.id.in_(chunk))
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


def _check_replaceable(path: Path) -> None:
    """Refused before anything is marked sent: a name that is a folder, or a file this
    program may not replace (on Windows, one open in a spreadsheet program)."""
    if path.is_dir():
        raise NcmsError("national.target_is_folder", path=path)
    if path.exists():
        try:
            with path.open("r+b"):
                pass
        except OSError as err:
            raise NcmsError("national.target_busy", path=path, reason=err.strerror) from None


def _chunks(values: list[Any], size: int = 10_000) -> Iterable[list[Any]]:
    """Bounded IN lists: PostgreSQL takes 65,535 parameters a statement, some SQLite
    builds 32,766."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _draft_path(path: Path) -> Path:
    """Beside the final name, so putting it in place is a rename on one disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".ncms-{uuid.uuid4().hex[:8]}-{path.name}")
