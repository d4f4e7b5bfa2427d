"""Writing a sync package: a station's unacknowledged work for its county, or the
county's decisions for one station (`ncms export`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, select, union, update
from sqlalchemy.orm import Session, aliased, selectinload

from app import workflow
from app.certificates.revocations import held_signed, publish
from app.db.database import Database
from app.db.models import (
    Appeal,
    Application,
    Batch,
    Certificate,
    CertificateEvent,
    Decision,
    Document,
    Installation,
    Person,
    StateChange,
    SyncPackage,
    SyncState,
)
from app.db.types import utcnow
from app.domain.vocabulary import BatchState, Direction, InstallationRole
from app.domain.workflow import Role, State
from app.intake.catalogue import catalogue_document
from app.review.notice import held_applications
from app.scratch import ScratchFile
from app.security import audit
from app.security.actor import Actor, require_role
from app.sync.context import (
    LOCAL_COLUMNS,
    SyncKeys,
    catalogue_version,
    claim_sequence,
    export_peer,
    owed_acks,
)
from app.sync.manifest import Manifest
from app.sync.package import PayloadWriter, Progress, seal
from app.sync.records import to_record
from app.sync.roster import ROSTER_KEY, station_roster
from app.version import program_version

# A package carries the station's files away: at a station that is the head's to do.
EXPORTERS = (Role.STATION_HEAD, Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.ADMIN)
_YIELD = 500


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: uuid.UUID
    peer: str
    sequence: int
    size: int
    counts: dict[str, int]
    blobs: int
    blob_bytes: int
    sent: list[uuid.UUID] = field(default_factory=list)  # applications now "sent"
    sha256: str = ""  # of the package file, as read back when it was verified


def _stream(session: Session, query: Select[Any], table: str) -> Iterator[dict[str, Any]]:
    for obj in session.scalars(query.execution_options(yield_per=_YIELD)):
        yield to_record(obj, LOCAL_COLUMNS[table])


def _batch_records(session: Session, query: Select[Any]) -> Iterator[dict[str, Any]]:
    """Each batch with what the station says it holds (app/sync/roster.py): the
    county reconciles it with what it received."""
    # A package carries a few batches: read them whole before asking for each roster.
    for batch in session.scalars(query).all():
        record = to_record(batch, LOCAL_COLUMNS["batch"])
        yield {**record, ROSTER_KEY: station_roster(session, batch.id)}


def _application_record(app: Application) -> dict[str, Any]:
    record = to_record(app, LOCAL_COLUMNS["application"])
    record["diseases"] = [[d.disease_code, d.position, d.outcome] for d in app.diseases]
    record["checklist"] = [
        [c.material_code, c.position, c.status, str(c.document_id or "") or None, c.reason]
        for c in app.checklist
    ]
    return record


class ExportService:
    def __init__(self, db: Database, keys: SyncKeys) -> None:
        self.db = db
        self.keys = keys

    def export(
        self,
        actor: Actor,
        out: Path,
        station: str | None = None,
        progress: Progress | None = None,
    ) -> ExportResult:
        """Write, verify and only then record the package; a failure records nothing
        (but uses up the sequence number it claimed)."""
        require_role(actor, EXPORTERS, "sync.export")
        me, peer = export_peer(self.db, station)
        if me.role == InstallationRole.COUNTY:
            # Brought up to date before the snapshot, which then carries it.
            publish(self.db, self.keys.signing)
        work = self.db.paths.work
        # The records wait here for the snapshot to end; the documents are read
        # from the store as the package is written.
        spool = ScratchFile(work, ".export-", out.name)
        try:
            writer = PayloadWriter(spool)
            sequence = claim_sequence(self.db, peer.code)
            # Every read below in one snapshot: a counter committing meanwhile
            # must not give the package documents of applications it lacks.
            with self.db.snapshot() as session:
                me = session.execute(select(Installation)).scalar_one()
                header = Manifest(
                    package_id=uuid.uuid4(),
                    sequence=sequence,
                    created_at=utcnow(),
                    sender=me.code,
                    sender_role=me.role,
                    recipient=peer.code,
                    program_version=program_version(),
                    catalogue_version=catalogue_version(session),
                    audit_head=me.audit_head,
                    audit_count=me.audit_count,
                )
                if me.role == InstallationRole.STATION:
                    sent, blobs = self._station_payload(session, writer)
                else:
                    # Decisions move no application to "sent" and carry no scans.
                    self._county_payload(session, writer, peer.code)
                    sent, blobs = [], (0, 0)
                acks = owed_acks(session, peer.code)
                # The wire calls the ack kind "type" (AckKind says why).
                writer.write_records(
                    "acks", ({"type": k, "id": i, "version": v} for k, i, v in acks)
                )
            manifest = writer.finish(header, self.keys.signing)
            size, digest = seal(
                writer.chunks(),
                writer.size(),
                out,
                [peer.age_recipient, me.age_recipient],
                progress or (lambda done, total: None),
            )
        finally:
            spool.close()
        self._record(actor, manifest, out, size, digest, sent)
        return ExportResult(
            out,
            manifest.package_id,
            peer.code,
            sequence,
            size,
            manifest.counts,
            *blobs,
            sent,
            sha256=digest,
        )

    # -- what goes in ------------------------------------------------------------------

    def _station_payload(
        self, session: Session, writer: PayloadWriter
    ) -> tuple[list[uuid.UUID], tuple[int, int]]:
        offered = Application.batch_id.is_not(None)  # reported to the county at least once
        conditions = (
            offered,
            Application.version > Application.acked_version,
            Application.state != State.DRAFT.value,
        )
        pending = select(Application).where(*conditions)
        pending_ids = select(Application.id).where(*conditions)
        # Applications the county holds or is about to: only their documents, history and
        # applicants may travel (a document of an application it never saw would be refused).
        known_ids = select(Application.id).where(
            offered, (Application.acked_version > 0) | Application.id.in_(pending_ids)
        )
        apps = pending.options(
            selectinload(Application.diseases), selectinload(Application.checklist)
        ).order_by(Application.number)
        sent: list[uuid.UUID] = []

        def application_records() -> Iterator[dict[str, Any]]:
            for app in session.scalars(apps.execution_options(yield_per=_YIELD)):
                if app.state == State.BATCHED.value:
                    sent.append(app.id)
                yield _application_record(app)

        persons = select(Person).where(
            Person.id.in_(select(Application.person_id).where(Application.id.in_(pending_ids)))
            | (
                (Person.version > Person.acked_version)
                & Person.id.in_(select(Application.person_id).where(Application.id.in_(known_ids)))
            )
        )
        writer.write_records("person", _stream(session, persons, "person"))
        batches = select(Batch).where(
            Batch.id.in_(select(Application.batch_id).where(Application.id.in_(pending_ids)))
        )
        writer.write_records("batch", _batch_records(session, batches))
        writer.write_records("application", application_records())
        history = select(StateChange).where(
            StateChange.acked.is_(False), StateChange.application_id.in_(known_ids)
        )
        writer.write_records("state_change", _stream(session, history, "state_change"))
        new_documents = (Document.version > Document.acked_version) & Document.application_id.in_(
            known_ids
        )
        writer.write_records(
            "document", _stream(session, select(Document).where(new_documents), "document")
        )
        # Hand-outs, annual reviews, losses and cancellations: every certificate here
        # came from the county, so it holds them all.
        events = select(CertificateEvent).where(
            CertificateEvent.version > CertificateEvent.acked_version
        )
        writer.write_records(
            "certificate_event",
            _stream(session, events.order_by(CertificateEvent.created_at), "certificate_event"),
        )
        # Appeals: on applications the county decided, so it holds them all.
        appeals = select(Appeal).where(Appeal.version > Appeal.acked_version)
        writer.write_records(
            "appeal", _stream(session, appeals.order_by(Appeal.created_at), "appeal")
        )
        held = aliased(Document)
        digests = (
            select(Document.blob_sha256)
            .where(new_documents)
            .where(
                ~exists().where(held.blob_sha256 == Document.blob_sha256, held.acked_version > 0)
            )
            .distinct()
            .order_by(Document.blob_sha256)
        )
        count = total = 0
        for digest in session.scalars(digests):
            total += writer.write_blob(digest, self.db.blobs.path_for(digest))
            count += 1
        return sent, (count, total)

    def _county_payload(self, session: Session, writer: PayloadWriter, station: str) -> None:
        me_code = session.execute(select(Installation.code)).scalar_one()
        # A public notice still running holds its certificates, and everything else
        # of their applications, at the county (app/review/notice.py).
        of_station = select(Application.id).where(
            Application.station_code == station, Application.id.not_in(held_applications())
        )
        decisions = select(Decision).where(
            Decision.version > Decision.acked_version, Decision.application_id.in_(of_station)
        )
        certificates = select(Certificate).where(
            Certificate.version > Certificate.acked_version,
            Certificate.application_id.in_(of_station),
        )
        history = select(StateChange).where(
            StateChange.acked.is_(False), StateChange.application_id.in_(of_station)
        )
        writer.write_records("decision", _stream(session, decisions, "decision"))
        writer.write_records("certificate", _stream(session, certificates, "certificate"))
        writer.write_records("state_change", _stream(session, history, "state_change"))
        touched = union(
            select(Decision.application_id).where(
                Decision.id.in_(decisions.with_only_columns(Decision.id))
            ),
            select(StateChange.application_id).where(
                StateChange.id.in_(history.with_only_columns(StateChange.id))
            ),
            select(Certificate.application_id).where(
                Certificate.id.in_(certificates.with_only_columns(Certificate.id))
            ),
        )
        states = (
            select(Application)
            .where(Application.id.in_(touched))
            .options(selectinload(Application.diseases))
        )

        def state_records() -> Iterator[dict[str, Any]]:
            for app in session.scalars(states.execution_options(yield_per=_YIELD)):
                yield {
                    "id": str(app.id),
                    "state": app.state,
                    "version": app.version,
                    "outcomes": {d.disease_code: d.outcome for d in app.diseases},
                }

        writer.write_records("application_state", state_records())
        writer.write_records("catalogue", iter([catalogue_document(session)]))
        signed = held_signed(session, me_code)
        if signed is not None:
            writer.write_records("revocations", iter([signed.to_record()]))

    # -- after the file is safe --------------------------------------------------------

    def _record(
        self,
        actor: Actor,
        manifest: Manifest,
        out: Path,
        size: int,
        digest: str,
        sent: list[uuid.UUID],
    ) -> None:
        system = Actor.system("export")
        with self.db.session() as session:
            for app_id in sent:
                app = session.get(Application, app_id)
                if app is not None and app.state == State.BATCHED.value:
                    workflow.move(session, app, system, State.SENT)
            if sent:
                session.execute(
                    update(Batch)
                    .where(
                        Batch.id.in_(select(Application.batch_id).where(Application.id.in_(sent)))
                    )
                    .values(state=BatchState.SENT, package_id=manifest.package_id)
                )
            state = session.get(SyncState, manifest.recipient)
            if state is None:
                state = SyncState(peer_code=manifest.recipient)
                session.add(state)
            state.last_sent_sequence = max(state.last_sent_sequence or 0, manifest.sequence)
            # A station's export is its sync. The county writing a station's package
            # hears nothing from that station: its "last sync", and whether it has
            # gone silent, follow only what the station sends (importing.py).
            if self.db.installation().role != InstallationRole.COUNTY:
                state.last_sync_at = utcnow()
            session.add(
                SyncPackage(
                    id=manifest.package_id,
                    direction=Direction.OUT,
                    peer_code=manifest.recipient,
                    sequence=manifest.sequence,
                    created_at=manifest.created_at,
                    file_name=out.name,
                    size=size,
                    sha256=digest,
                    counts=manifest.counts,
                    summary={"sent": [str(i) for i in sent]},
                )
            )
            audit.record(
                session,
                actor,
                "package.export",
                "sync_package",
                manifest.package_id,
                after={"to": manifest.recipient, "sequence": manifest.sequence, **manifest.counts},
            )
