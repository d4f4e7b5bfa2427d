"""Applying an opened package inside the caller's transaction.

Single writer per record (DESIGN.md): a record is taken only when its version is
newer than what is held, so packages may arrive twice or in any order. The county
takes a station's applicants, applications, history and documents; a station takes
the county's decisions, certificates, history, the state the county reached, and
the catalogue. Both take the other side's acknowledgements.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Session

from app import workflow
from app.db.database import Database
from app.db.models import (
    Appeal,
    Application,
    ApplicationDisease,
    Batch,
    BatchReport,
    Certificate,
    CertificateEvent,
    ChecklistItem,
    Decision,
    Disease,
    Document,
    Hospital,
    Installation,
    Person,
    StateChange,
    SyncAck,
    SyncPackage,
    SyncState,
)
from app.db.types import utcnow
from app.domain.vocabulary import AckKind, Direction, Outcome
from app.domain.workflow import State
from app.errors import PackageRefused
from app.intake.catalogue import RULES_KEY, CatalogueService, install_catalogue
from app.intake.rules import (
    declared_problems,
    filed_problems,
    person_problems,
    record_text_problems,
    renewal_problems,
)
from app.review.duplicates import flag_for
from app.sync.appeals import receive_appeals
from app.sync.certificate_events import receive_events, receive_revocations
from app.sync.context import LATER_COLUMNS, LOCAL_COLUMNS
from app.sync.manifest import Manifest
from app.sync.opening import OpenedPackage
from app.sync.records import from_record, refuse_broken
from app.sync.roster import ROSTER_KEY, parse_roster

_FLUSH_EVERY = 500
_ACKED_VERSION: dict[AckKind, type[DeclarativeBase]] = {
    AckKind.APPLICATION: Application,
    AckKind.PERSON: Person,
    AckKind.DOCUMENT: Document,
    AckKind.DECISION: Decision,
    AckKind.CERTIFICATE: Certificate,
    AckKind.CERTIFICATE_EVENT: CertificateEvent,
    AckKind.APPEAL: Appeal,
}


def _values(model: Any, table: str, record: dict[str, Any], entry: str, n: int) -> dict[str, Any]:
    extra = {"diseases", "checklist"} if table == "application" else set()
    # Before the column checks, so that an over-long text is named as such.
    refuse_broken(record_text_problems(model, record), entry, n)
    try:
        return from_record(
            model,
            {k: v for k, v in record.items() if k not in extra},
            LOCAL_COLUMNS[table],
            LATER_COLUMNS.get(table),
        )
    except (ValueError, TypeError) as err:
        raise PackageRefused("package.bad_record", entry=f"{entry} ({err})", line=n) from None


_UNASKED = object()


def _upsert(
    session: Session, model: Any, values: dict[str, Any], row: Any = _UNASKED
) -> tuple[Any, bool]:
    """Insert, or overwrite when the incoming version is newer; (row, changed).
    `row`: the one held under the incoming id (None: none), when the caller asked."""
    if row is _UNASKED:
        row = session.get(model, values["id"])
    if row is None:
        row = model(**values)
        session.add(row)
        return row, True
    if values["version"] <= row.version:
        return row, False
    for key, value in values.items():
        setattr(row, key, value)
    return row, True


class Applier:
    """Shared by both sides: history rows, acknowledgements, bookkeeping."""

    def __init__(self, db: Database, session: Session, opened: OpenedPackage) -> None:
        self.db = db
        self.session = session
        self.opened = opened
        self.manifest: Manifest = opened.manifest
        self.changes: Counter[str] = Counter()
        self.added_blobs: list[str] = []
        self._pending = 0
        self._owed: list[dict[str, Any]] = []
        self._owed_count = 0
        # Per model: the rows of the chunk in hand (kept, since the session's identity
        # map holds rows only weakly) and the ids known not to be held.
        self._kept: dict[Any, list[Any]] = {}
        self._absent: dict[Any, set[Any]] = {}

    def pace(self) -> None:
        """Flush every few hundred new rows: the import runs without autoflush (a
        flush per lookup is slow), and pending rows would otherwise all stay in
        memory until the table is done, so memory would grow with the package."""
        self._pending += 1
        if self._pending >= _FLUSH_EVERY:
            self.session.flush()
            self._pending = 0

    def owe(self, kind: AckKind, ident: object, version: int) -> None:
        """An acknowledgement to send back; stored in rows a few hundred at a time
        (the package's sync_package row is already in the session)."""
        self._owed.append(
            {
                "package_id": self.manifest.package_id,
                "position": self._owed_count,
                "kind": kind,
                "record_id": str(ident),
                "version": version,
            }
        )
        self._owed_count += 1
        if len(self._owed) >= _FLUSH_EVERY:
            self.store_owed()

    def store_owed(self) -> None:
        if self._owed:
            self.session.execute(insert(SyncAck), self._owed)
            self._owed = []

    def records(self, table: str) -> Any:
        return enumerate(self.opened.records(table), 1)

    def parsed(
        self, model: Any, table: str, also: Callable[[list[dict[str, Any]]], None] | None = None
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
        """(line, record, checked values), a few hundred at a time, with the rows each
        chunk names fetched in one query (`also` fetches more for it): one question
        per chunk instead of one or two per record."""
        chunk: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        for n, record in self.records(table):
            chunk.append((n, record, _values(model, table, record, table, n)))
            if len(chunk) >= _FLUSH_EVERY:
                yield from self._fetched(model, chunk, also)
                chunk = []
        yield from self._fetched(model, chunk, also)

    def _fetched(
        self,
        model: Any,
        chunk: list[tuple[int, dict[str, Any], dict[str, Any]]],
        also: Callable[[list[dict[str, Any]]], None] | None,
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
        if chunk:
            self.prefetch(model, [values["id"] for _, _, values in chunk])
            if also is not None:
                also([values for _, _, values in chunk])
        yield from chunk

    def prefetch(self, model: Any, ids: Iterable[Any]) -> None:
        wanted = {i for i in ids if i is not None}
        rows = list(self.session.scalars(select(model).where(model.id.in_(wanted))))
        self._kept[model] = rows
        self._absent[model] = wanted - {row.id for row in rows}

    def held(self, model: Any, ident: Any) -> Any:
        """The row under `ident`, without a query when its chunk was fetched."""
        if ident in self._absent.get(model, ()):
            return None
        return self.session.get(model, ident)

    def upsert(self, model: Any, values: dict[str, Any]) -> bool:
        _row, changed = _upsert(self.session, model, values, self.held(model, values["id"]))
        self._absent.get(model, set()).discard(values["id"])  # pending now: the session's
        return changed

    def history(self, belongs: Callable[[uuid.UUID], bool]) -> None:
        chunk: list[tuple[int, dict[str, Any]]] = []
        for n, record in self.records("state_change"):
            values = _values(StateChange, "state_change", record, "state_change", n)
            if not belongs(values["application_id"]):
                raise PackageRefused("package.foreign_record", entry="state_change", line=n)
            chunk.append((n, values))
            self.owe(AckKind.STATE_CHANGE, values["id"], 0)
            if len(chunk) >= _FLUSH_EVERY:
                self._insert_history(chunk)
                chunk = []
        self._insert_history(chunk)

    def _insert_history(self, chunk: list[tuple[int, dict[str, Any]]]) -> None:
        """One existence query and one bulk insert per chunk: no object per row."""
        if not chunk:
            return
        held: dict[uuid.UUID, uuid.UUID] = dict(
            self.session.execute(
                select(StateChange.id, StateChange.application_id).where(
                    StateChange.id.in_([v["id"] for _, v in chunk])
                )
            ).all()
        )
        for n, values in chunk:
            # A held step keeps its application: an id reused for another application
            # (another station's step) is a forgery, not a duplicate.
            if values["id"] in held and held[values["id"]] != values["application_id"]:
                raise PackageRefused("package.foreign_record", entry="state_change", line=n)
        new = [{**v, "acked": True} for _, v in chunk if v["id"] not in held]
        if new:
            self.session.execute(insert(StateChange), new)
            self.changes["state_change"] += len(new)

    def acknowledgements(self) -> None:
        """Raise what the other side confirmed holding; never lower anything."""
        for n, record in self.records("acks"):
            try:
                # The wire calls the ack kind "type" (AckKind says why).
                self._ack(AckKind(record["type"]), str(record["id"]), record["version"])
            except (KeyError, ValueError, TypeError):
                raise PackageRefused("package.bad_record", entry="acks", line=n) from None

    def _ack(self, kind: AckKind, ident: str, version: Any) -> None:
        session = self.session
        if kind == AckKind.AUDIT_HEAD:
            state = self.sync_state()
            if state.acknowledged_audit_head != ident:
                state.acknowledged_audit_head = ident
                self.changes["acknowledged"] += 1
            return
        if kind == AckKind.PACKAGE:
            package = session.get(SyncPackage, uuid.UUID(ident))
            if (
                package is not None
                and package.direction == Direction.OUT
                and package.peer_code == self.manifest.sender
                and not package.summary.get("acknowledged_at")
            ):
                package.summary = {**package.summary, "acknowledged_at": utcnow().isoformat()}
                self.changes["acknowledged"] += 1
            return
        if kind == AckKind.STATE_CHANGE:
            result = session.execute(
                update(StateChange)
                .where(
                    StateChange.id == uuid.UUID(ident),
                    StateChange.acked.is_(False),
                    *self._sent_to_sender(StateChange),
                )
                .values(acked=True)
                .execution_options(synchronize_session=False)
            )
        elif kind in _ACKED_VERSION:
            if not isinstance(version, int):
                raise ValueError(kind)
            model: Any = _ACKED_VERSION[kind]
            result = session.execute(
                update(model)
                .where(
                    model.id == uuid.UUID(ident),
                    model.acked_version < version,
                    # Never past what was sent: an inflated version would stop
                    # every later version of the record from being sent.
                    model.version >= version,
                    *self._sent_to_sender(model),
                )
                .values(acked_version=version)
                .execution_options(synchronize_session=False)
            )
        else:
            raise ValueError(kind)
        self.changes["acknowledged"] += result.rowcount  # type: ignore[attr-defined]

    def _sent_to_sender(self, model: Any) -> list[Any]:
        """Conditions for a row the sender may acknowledge: one sent to it. A station
        holds only its own applications and the county's records about them: any row."""
        return []

    def sync_state(self) -> SyncState:
        state = self.session.get(SyncState, self.manifest.sender)
        if state is None:
            state = SyncState(peer_code=self.manifest.sender)
            self.session.add(state)
            self.session.flush()
        return state

    def put_blob(self, digest: str) -> None:
        """Take a document's file from the package, unless it is held already;
        refuses the package when it neither carries nor finds it."""
        if self.opened.install_blob(digest, self.db.blobs):
            self.added_blobs.append(digest)


class CountyApplier(Applier):
    """A station's package at the county."""

    _station_apps: set[uuid.UUID] | None = None
    _catalogue_rows: list[Any]

    def apply(self) -> None:
        self.rules = CatalogueService(self.db).rules()
        station = self.manifest.sender
        session = self.session
        # Held for the import, so that checking each application's diseases and
        # hospital finds them in the session instead of asking the database.
        self._catalogue_rows = [
            *session.scalars(select(Disease)),
            *session.scalars(select(Hospital)),
        ]
        # The station's persons holding each ID number of the chunk in hand: another
        # person of the station under the same number would be a forged record.
        numbered: dict[str, set[uuid.UUID]] = {}

        def holders(chunk: list[dict[str, Any]]) -> None:
            numbered.clear()
            for ident, number in session.execute(
                select(Person.id, Person.id_number).where(
                    Person.station_code == station,
                    Person.id_number.in_({str(v["id_number"]) for v in chunk}),
                )
            ):
                numbered.setdefault(number, set()).add(ident)

        today = utcnow().date()
        for n, _record, values in self.parsed(Person, "person", holders):
            self._own(Person, values, n, "person")
            refuse_broken(person_problems(values, today), "person", n)
            if numbered.get(values["id_number"], set()) - {values["id"]}:
                raise PackageRefused("package.foreign_record", entry="person", line=n)
            self.changes["person"] += self.upsert(Person, values)
            self.pace()
            self.owe(AckKind.PERSON, values["id"], values["version"])
        session.flush()
        rosters: list[tuple[uuid.UUID, dict[str, list[str]]]] = []
        for n, record in self.records("batch"):
            values = _values(Batch, "batch", record, "batch", n)
            self._own(Batch, values, n, "batch")
            if ROSTER_KEY in record:  # none from a program before the roster
                try:
                    rosters.append((values["id"], parse_roster(record[ROSTER_KEY], station)))
                except ValueError as err:
                    raise PackageRefused(
                        "package.bad_record", entry=f"batch ({err})", line=n
                    ) from None
            _, changed = _upsert(session, Batch, values)
            self.changes["batch"] += changed
        session.flush()
        for batch_id, roster in rosters:
            self._report(batch_id, roster)
        # Ids, not rows or checklists: holding those until the end would make
        # memory grow with the package.
        taken: set[uuid.UUID] = set()
        # Application id → the state a new application was sent in, None for an amended one.
        steps: dict[uuid.UUID, str | None] = {}

        def applicants(chunk: list[dict[str, Any]]) -> None:
            self.prefetch(Person, (values["person_id"] for values in chunk))

        # Applications taken, checked against what is stored a chunk at a time.
        arrived: list[tuple[int, Application]] = []
        for n, record, values in self.parsed(Application, "application", applicants):
            app = self._application(record, values, n, taken, steps)
            if app is not None:
                arrived.append((n, app))
            if len(arrived) >= _FLUSH_EVERY:
                self._stored_checks(arrived, steps)
                arrived = []
        self._stored_checks(arrived, steps)
        self._documents()
        # Checklist items point at documents, so they come in a second pass over
        # the application records, read again from the package.
        lists: list[tuple[int, uuid.UUID, list[dict[str, Any]]]] = []
        for n, record in self.records("application"):
            if uuid.UUID(str(record["id"])) in taken:
                lists.append((n, uuid.UUID(str(record["id"])), self._checklist(record, n)))
            if len(lists) >= _FLUSH_EVERY:
                self._replace_checklists(lists)
                lists = []
        self._replace_checklists(lists)
        session.flush()
        self.history(self._ours)
        receive_events(self, self._ours)
        # After the station's history, so the county's step is the newest row.
        received = list(steps.items())
        for start in range(0, len(received), _FLUSH_EVERY):
            chunk = received[start : start + _FLUSH_EVERY]
            self.prefetch(Application, (app_id for app_id, _ in chunk))
            for app_id, sent_in in chunk:
                app = self.held(Application, app_id)
                assert app is not None
                workflow.county_receipt(session, app, sent_in)
                self.pace()
        receive_appeals(self, self._ours)
        self.acknowledgements()
        self.owe(AckKind.AUDIT_HEAD, self.manifest.audit_head, self.manifest.audit_count)

    def _report(self, batch_id: uuid.UUID, roster: dict[str, list[str]]) -> None:
        """Keep the station's newest statement of what a batch holds: a package of a
        lower sequence (an older one arriving late) does not overwrite a newer one.
        Not counted as a change: it restates, it does not apply anything."""
        manifest = self.manifest
        report = self.session.get(BatchReport, batch_id)
        if report is None:
            report = BatchReport(batch_id=batch_id, station_code=manifest.sender, sequence=0)
            self.session.add(report)
        elif report.sequence > manifest.sequence:
            return
        report.package_id, report.sequence = manifest.package_id, manifest.sequence
        report.reported_at, report.by_disease = manifest.created_at, dict(roster)

    def _own(self, model: Any, values: dict[str, Any], n: int, entry: str) -> None:
        """A station may only send its own records, whatever its key signed: the
        incoming `station_code` says what the sender claims, the row held under the
        incoming id who owns it. Both must be the sender."""
        held = self.held(model, values["id"])
        if values["station_code"] != self.manifest.sender or (
            held is not None and held.station_code != self.manifest.sender
        ):
            raise PackageRefused("package.foreign_record", entry=entry, line=n)

    def _links_owned(self, values: dict[str, Any], n: int) -> None:
        """An application's applicant and batch must be the sender's own."""
        links: tuple[tuple[Any, str], ...] = ((Person, "person_id"), (Batch, "batch_id"))
        for model, key in links:
            if values[key] is None:
                continue
            linked = self.held(model, values[key])
            if linked is not None and linked.station_code != self.manifest.sender:
                raise PackageRefused("package.foreign_record", entry="application", line=n)

    def _sent_to_sender(self, model: Any) -> list[Any]:
        # The county holds every station's applications: a station acknowledges only what
        # was sent to it, never another station's decisions, certificates or steps.
        station = self.manifest.sender
        if model in (Person, Application, CertificateEvent, Appeal):
            return [model.station_code == station]
        return [
            model.application_id.in_(
                select(Application.id).where(Application.station_code == station)
            )
        ]

    def _ours(self, app_id: uuid.UUID) -> bool:
        """Whether an application is the sending station's (asked once, after the
        package's own applications are in)."""
        if self._station_apps is None:
            self._station_apps = set(
                self.session.scalars(
                    select(Application.id).where(Application.station_code == self.manifest.sender)
                )
            )
        return app_id in self._station_apps

    def _application(
        self,
        record: dict[str, Any],
        values: dict[str, Any],
        n: int,
        taken: set[uuid.UUID],
        steps: dict[uuid.UUID, str | None],
    ) -> Application | None:
        """Take one application record (None: the version held is as new), not yet
        flushed: `_stored_checks` follows."""
        session = self.session
        self._own(Application, values, n, "application")
        self._links_owned(values, n)
        diseases, checklist = record.get("diseases"), record.get("checklist")
        if not isinstance(diseases, list) or not isinstance(checklist, list):
            raise PackageRefused("package.bad_record", entry="application", line=n)
        try:
            codes = [str(code) for code, _position, _outcome in diseases]
        except (TypeError, ValueError):
            raise PackageRefused("package.bad_record", entry="application", line=n) from None
        problems = declared_problems(
            session, values["kind"], codes, values["hospital_code"], self.rules, complete=True
        )
        problems += renewal_problems(
            session, values["person_id"], values["kind"], values["renews_id"]
        )
        refuse_broken(problems, "application", n)
        station_state = values.pop("state")
        app: Application | None = self.held(Application, values["id"])
        self.owe(AckKind.APPLICATION, values["id"], values["version"])
        if app is not None and values["version"] <= app.version:
            return None
        outcomes: dict[str, str] = {}
        if app is None:
            app = workflow.arrive(session, **values)
            self._absent[Application].discard(app.id)
            steps[app.id] = station_state
        else:
            for key, value in values.items():
                setattr(app, key, value)
            self.changes["amended"] += 1
            steps.setdefault(app.id, None)  # received again where SYSTEM may move it
            outcomes = {d.disease_code: d.outcome for d in app.diseases}
            app.diseases.clear()
            session.flush()  # the old rows go before new ones take their keys
        try:
            for code, position, _outcome in diseases:
                app.diseases.append(
                    ApplicationDisease(
                        disease_code=str(code),
                        position=int(position),
                        outcome=outcomes.get(str(code), Outcome.PENDING),
                    )
                )
        except (TypeError, ValueError):
            raise PackageRefused("package.bad_record", entry="application", line=n) from None
        taken.add(app.id)
        self.changes["application"] += 1
        return app

    def _stored_checks(
        self, arrived: list[tuple[int, Application]], steps: dict[uuid.UUID, str | None]
    ) -> None:
        """What needs the applications stored, after one flush for the lot: the rules
        that read the applicant, and the duplicate flag, in the package's order."""
        self.session.flush()
        # New files after the one in hand are taken as not there yet, as if each
        # had been stored in turn: of a pair in one package, the later is flagged.
        unseen = {app.id for _, app in arrived if steps.get(app.id) is not None}
        today = utcnow().date() + timedelta(days=1)  # the station's clock may run ahead
        for n, app in arrived:
            unseen.discard(app.id)
            # The applicant may be another now: loaded again, from the rows fetched above.
            self.session.expire(app, ["person"])
            refuse_broken(filed_problems(app, today), "application", n)
            self._flag_duplicate(app, unseen)

    def _flag_duplicate(self, app: Application, unseen: set[uuid.UUID]) -> None:
        """The counter's rule, at the county: flagged for a reviewer, not refused (a
        person may rightly apply again at another station, and a package may carry a
        station's new application before the withdrawal of its old one). Across stations and
        within one alike: the county sees what a single counter cannot. A pair a reviewer
        found not to be duplicates stays unflagged (app/review/duplicates.py)."""
        other = flag_for(self.session, app, unseen)
        if other != app.duplicate_of:
            app.duplicate_of = other
            self.changes["duplicate"] += other is not None

    def _documents(self) -> None:
        # New documents, the most numerous rows of a package, go in a chunk at a time
        # as plain rows (no object each); the id → values of those not inserted yet.
        new: dict[uuid.UUID, dict[str, Any]] = {}
        for n, _record, values in self.parsed(Document, "document"):
            held = self.held(Document, values["id"])
            # Both the application it names and the one it is on now must be the sender's:
            # otherwise a document could be moved off another station's application.
            if not self._ours(values["application_id"]) or (
                held is not None and not self._ours(held.application_id)
            ):
                raise PackageRefused("package.foreign_record", entry="document", line=n)
            self.put_blob(values["blob_sha256"])
            if held is None:
                earlier = new.get(values["id"])  # twice in one package: the newer wins
                if earlier is None or values["version"] > earlier["version"]:
                    new[values["id"]] = values
                self.changes["document"] += earlier is None
                if len(new) >= _FLUSH_EVERY:
                    self._insert_documents(new)
                    new = {}
            else:
                self.changes["document"] += _upsert(self.session, Document, values, held)[1]
                self.pace()
            self.owe(AckKind.DOCUMENT, values["id"], values["version"])
        self._insert_documents(new)
        self.session.flush()

    def _insert_documents(self, new: dict[uuid.UUID, dict[str, Any]]) -> None:
        if new:
            self.session.execute(insert(Document), list(new.values()))
            # Held from now on: the same id again later in the chunk is looked up.
            self._absent.get(Document, set()).difference_update(new)

    def _checklist(self, record: dict[str, Any], n: int) -> list[dict[str, Any]]:
        """An application's checklist rows, checked as the counter checks them."""
        app_id = uuid.UUID(str(record["id"]))
        try:
            rows = [
                {
                    "application_id": app_id,
                    "material_code": str(code),
                    "position": int(position),
                    "status": str(status),
                    "document_id": uuid.UUID(document_id) if document_id else None,
                    "reason": str(reason),
                }
                for code, position, status, document_id, reason in record["checklist"]
            ]
        except (TypeError, ValueError):
            raise PackageRefused("package.bad_record", entry="application", line=n) from None
        for row in rows:
            refuse_broken(record_text_problems(ChecklistItem, row), "application", n)
        return rows

    def _replace_checklists(self, lists: list[tuple[int, uuid.UUID, list[dict[str, Any]]]]) -> None:
        """Each application's checklist replaced by the one sent, a chunk of applications
        at a time. As at the counter, an item may only name its own application's
        documents."""
        if not lists:
            return
        named = {r["document_id"] for _, _, rows in lists for r in rows if r["document_id"]}
        owner = dict(
            self.session.execute(
                select(Document.id, Document.application_id).where(Document.id.in_(named))
            ).all()
        )
        for n, app_id, rows in lists:
            if any(r["document_id"] and owner.get(r["document_id"]) != app_id for r in rows):
                raise PackageRefused("package.foreign_record", entry="application", line=n)
        last = {app_id: rows for _, app_id, rows in lists}  # listed twice: the later
        self.session.execute(delete(ChecklistItem).where(ChecklistItem.application_id.in_(last)))
        items = [row for rows in last.values() for row in rows]
        if items:
            self.session.execute(insert(ChecklistItem), items)


class StationApplier(Applier):
    """The county's package at a station."""

    _station = ""

    def apply(self) -> None:
        me = self.session.scalars(select(Installation)).one()
        # Decisions, certificates and catalogues are the county's: only this
        # station's own county may send them, whichever other county it trusts.
        if self.manifest.sender != me.county_code:
            raise PackageRefused(
                "package.not_our_county", sender=self.manifest.sender, county=me.county_code
            )
        self._station = me.code
        self._catalogue()
        self._county_records(Decision, "decision")
        self._county_records(Certificate, "certificate")
        self.history(self._ours)
        self._states()
        receive_revocations(self)
        self.acknowledgements()

    def _catalogue(self) -> None:
        for n, record in self.records("catalogue"):
            try:
                installed = install_catalogue(self.session, record)
            except (KeyError, TypeError, ValueError):
                raise PackageRefused("package.bad_record", entry="catalogue", line=n) from None
            if installed:
                me = self.session.scalars(select(Installation)).one()
                me.settings = {**me.settings, RULES_KEY: record.get("rules", {})}
                self.changes["catalogue"] += 1
        self.session.flush()

    def _ours(self, app_id: uuid.UUID) -> bool:
        app = self.session.get(Application, app_id)
        return app is not None and app.station_code == self._station

    def _county_records(self, model: Any, table: str) -> None:
        for n, record in self.records(table):
            values = _values(model, table, record, table, n)
            app = self.session.get(Application, values["application_id"])
            held = self.session.get(model, values["id"])
            if app is None and held is None and values["county_code"] == self.manifest.sender:
                # About an application this station does not hold: nothing here to change.
                # Set aside, not refused: after a station restores an older backup
                # the county still sends decisions on applications it lost, and refusing
                # would block every later package from the county.
                self.changes["unknown_application"] += 1
                continue
            # The county's record about one of this station's applications, kept on it:
            # never from another county, never moved to another application.
            if (
                values["county_code"] != self.manifest.sender
                or app is None
                or not self._ours(app.id)
                or (model is Certificate and values["person_id"] != app.person_id)
                or (
                    held is not None
                    and (held.county_code != self.manifest.sender or held.application_id != app.id)
                )
            ):
                raise PackageRefused("package.foreign_record", entry=table, line=n)
            if model is Decision:
                # The station amended the application after the version judged: keep the
                # decision for a person to resolve, never over the newer data.
                values["conflict"] = app.version > values["application_version"]
            _, changed = _upsert(self.session, model, values)
            if changed:
                self.changes[table] += 1
                if model is Decision and values["conflict"]:
                    self.changes["conflict"] += 1
            self.owe(AckKind(table), values["id"], values["version"])
        self.session.flush()

    def _states(self) -> None:
        for n, record in self.records("application_state"):
            try:
                app_id, state = uuid.UUID(record["id"]), State(record["state"])
                version, outcomes = int(record["version"]), dict(record["outcomes"])
            except (KeyError, TypeError, ValueError):
                raise PackageRefused(
                    "package.bad_record", entry="application_state", line=n
                ) from None
            app = self.session.get(Application, app_id)
            if app is None or app.version != version or app.state == state.value:
                continue  # unknown, or about a version since amended (see decisions)
            if not workflow.mirror(self.session, app, state):
                self.changes["not_mirrored"] += 1
                continue
            for disease in app.diseases:
                disease.outcome = str(outcomes.get(disease.disease_code, disease.outcome))
            self.changes["state"] += 1
        self.session.flush()
