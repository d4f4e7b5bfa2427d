"""`ncms verify`: database integrity, every blob's hash, the audit chain, and that
no application is half-written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import aliased

from app.admin.orphan_blobs import MIN_AGE_SECONDS, find_orphans
from app.db.database import Database
from app.db.models import (
    Application,
    ApplicationDisease,
    AuditEntry,
    Batch,
    Certificate,
    ChecklistItem,
    Document,
    Installation,
    Person,
    StateChange,
)
from app.domain.workflow import State
from app.i18n import t
from app.security.audit import verify_chain


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # worth knowing, but nothing is wrong

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_installation(db: Database) -> VerifyReport:
    report = VerifyReport()
    _check_database(db, report)
    _check_blobs(db, report)
    _check_audit(db, report)
    _check_applications(db, report)
    _check_ownership(db, report)
    _note_orphan_blobs(db, report)
    return report


def _note_orphan_blobs(db: Database, report: VerifyReport) -> None:
    # Left by a killed import or intake: disk space only, so a note, not a problem.
    orphans = find_orphans(db)
    if orphans:
        report.notes.append(
            t("orphans.repair_note", orphans=orphans.describe(), minutes=MIN_AGE_SECONDS // 60)
        )


def _check_database(db: Database, report: VerifyReport) -> None:
    if not db.is_sqlite():
        return  # PostgreSQL checks its own pages; the county's backups use pg_dump.
    with db.engine.connect() as conn:
        result = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            report.problems += [f"database: {line}" for line in result[:20]]
        for table, rowid, parent, _ in conn.execute(text("PRAGMA foreign_key_check")):
            report.problems.append(
                f"database: row {rowid} of {table} points at a missing {parent} row"
            )


def _check_blobs(db: Database, report: VerifyReport) -> None:
    with db.reader() as session:
        rows = session.execute(
            select(Document.blob_sha256, Document.id).order_by(Document.blob_sha256)
        ).all()
    checked: dict[str, str | None] = {}
    for digest, doc_id in rows:
        if digest not in checked:
            checked[digest] = db.blobs.check(digest)
        if checked[digest] is not None:
            report.problems.append(f"document {doc_id}: blob {digest[:12]}… {checked[digest]}")
    report.counts["documents"] = len(rows)
    report.counts["blobs"] = len(checked)


def _check_audit(db: Database, report: VerifyReport) -> None:
    with db.reader() as session:
        installation = session.execute(select(Installation)).scalar_one()
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    for finding in verify_chain(entries, installation.audit_head, installation.audit_count):
        report.problems.append(f"audit chain: {finding.detail}")
    report.counts["audit entries"] = len(entries)


def _check_applications(db: Database, report: VerifyReport) -> None:
    """Every application has a history ending in its current state, and diseases
    once past the draft."""
    with db.reader() as session:
        last_state = select(
            StateChange.application_id,
            StateChange.to_state,
            func.row_number()
            .over(
                partition_by=StateChange.application_id,
                order_by=(StateChange.at.desc(), StateChange.application_version.desc()),
            )
            .label("rn"),
        ).subquery()
        rows = session.execute(
            select(
                Application.number,
                Application.state,
                last_state.c.to_state,
                select(func.count())
                .where(ApplicationDisease.application_id == Application.id)
                .correlate(Application)
                .scalar_subquery(),
            ).outerjoin(
                last_state, (last_state.c.application_id == Application.id) & (last_state.c.rn == 1)
            )
        ).all()
    for number, state, history_state, diseases in rows:
        if history_state is None:
            report.problems.append(f"application {number}: has no history")
        elif history_state != state:
            report.problems.append(
                f"application {number}: state {state} but its history ends in {history_state}"
            )
        if state != State.DRAFT and not 1 <= diseases <= 2:
            report.problems.append(f"application {number}: {diseases} diseases")
    report.counts["applications"] = len(rows)


def _check_ownership(db: Database, report: VerifyReport) -> None:
    """Every link stays within one owner: an application's applicant and batch are
    its station's, a checklist item names a document of its own application, a certificate
    is for its application's applicant (what an import refuses, found if it got in)."""
    named = aliased(Document)
    with db.reader() as session:
        findings = [
            *(
                f"application {number}: of station {station} but its applicant is {other}'s"
                for number, station, other in session.execute(
                    select(Application.number, Application.station_code, Person.station_code)
                    .join(Person, Person.id == Application.person_id)
                    .where(Person.station_code != Application.station_code)
                )
            ),
            *(
                f"application {number}: of station {station} but in batch {batch} of {other}"
                for number, station, batch, other in session.execute(
                    select(
                        Application.number,
                        Application.station_code,
                        Batch.number,
                        Batch.station_code,
                    )
                    .join(Batch, Batch.id == Application.batch_id)
                    .where(Batch.station_code != Application.station_code)
                )
            ),
            *(
                f"application {number}: checklist item {material} names {doc} of another file"
                for number, material, doc in session.execute(
                    select(Application.number, ChecklistItem.material_code, named.id)
                    .join(ChecklistItem, ChecklistItem.application_id == Application.id)
                    .join(named, named.id == ChecklistItem.document_id)
                    .where(named.application_id != ChecklistItem.application_id)
                )
            ),
            *(
                f"certificate {number}: not for the applicant of application {app}"
                for number, app in session.execute(
                    select(Certificate.number, Application.number)
                    .join(Application, Application.id == Certificate.application_id)
                    .where(Certificate.person_id != Application.person_id)
                )
            ),
        ]
    report.problems += findings
