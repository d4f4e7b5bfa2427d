"""Taking in applications at the counter: drafts, receipt (受理), documents, withdrawal.

The preliminary examination's moves are app/examination/examination.py's."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import workflow
from app.blobs.intake import MB, PreparedDocument, prepare_document, prepare_photo
from app.db.counters import next_number
from app.db.database import Database
from app.db.models import (
    Application,
    ApplicationDisease,
    ChecklistItem,
    Disease,
    Document,
    Material,
    Person,
    StateChange,
)
from app.db.types import utcnow
from app.domain.catalogue import Rules, required_materials
from app.domain.identity import parse_id_number
from app.domain.names import clean_name, pinyin_keys
from app.domain.national import RESIDENTS
from app.domain.quarters import review_quarter
from app.domain.vocabulary import ApplicationKind, ChecklistStatus, DocumentKind
from app.domain.workflow import (
    STATION_EDITABLE,
    STATION_ROLES,
    State,
    check_transition,
    state_term,
)
from app.errors import Problem, ValidationError
from app.i18n import t
from app.intake.application_view import (
    ApplicationView,
    HistoryEntry,
    application_view,
    history_entry,
)
from app.intake.catalogue import CatalogueService
from app.intake.documents import DocumentInfo, document_info
from app.intake.records import (
    ApplicationRef,
    application_ref,
    checklist_item,
    load_application,
    missing_materials,
    set_checklist_item,
    snapshot,
    store_document,
)
from app.intake.rules import (
    ReceiptFacts,
    declared_problems,
    person_by_id_number,
    person_problems,
    phone_problems,
    receipt_problems,
    record_text_problems,
    renewal_problems,
)
from app.security import audit
from app.security.actor import Actor, require_role
from app.security.names import display_names

DOCUMENT_KINDS = tuple(DocumentKind)
# What one application's documents may take (shown to the clerk; scans beyond it are
# still accepted, the figure turns red): a package must fit a slow link.
DOCUMENT_BUDGET_BYTES = 20 * MB


@dataclass
class PersonInput:
    id_number: str
    name: str
    ethnicity: str = ""
    address: str = ""
    village: str = ""
    village_group: str = ""
    household_number: str = ""
    ncms_card_number: str = ""
    phone: str = ""
    psn_no: str = ""  # the national person number on the insurance card, if at hand
    insutype: str = RESIDENTS

    @classmethod
    def of(cls, person: Any) -> PersonInput:
        """The form's values of a stored applicant (a row or its view), to fill a new
        application for them."""
        return cls(**{name: getattr(person, name) for name in _PERSON_FIELDS})


@dataclass
class ApplicationInput:
    person: PersonInput
    disease_codes: list[str] = field(default_factory=list)
    kind: str = ApplicationKind.NEW
    hospital_code: str | None = None
    diagnosis_date: date | None = None
    doctor_name: str = ""
    doctor_code: str = ""  # the doctor's national code (医保医师代码), if the paper gives it
    agent_name: str = ""
    agent_id_number: str = ""
    agent_relation: str = ""
    agent_phone: str = ""
    notes: str = ""
    renews_id: uuid.UUID | None = None  # a renewal: the certificate it renews


_APP_FIELDS = (
    "state",
    "kind",
    "hospital_code",
    "diagnosis_date",
    "doctor_name",
    "doctor_code",
    "agent_name",
    "agent_id_number",
    "agent_relation",
    "agent_phone",
    "notes",
    "version",
)
_PERSON_FIELDS = (
    "id_number",
    "name",
    "ethnicity",
    "address",
    "village",
    "village_group",
    "household_number",
    "ncms_card_number",
    "phone",
    "psn_no",
    "insutype",
)


def _typed(person: PersonInput, fields: tuple[str, ...]) -> dict[str, str]:
    """The person's fields as stored: trimmed; the person number as the card prints
    it, in capitals."""
    values = {f: getattr(person, f).strip() for f in fields}
    if "psn_no" in values:
        values["psn_no"] = values["psn_no"].upper()
    return values


_APP_TEXT_FIELDS = (
    "doctor_name",
    "doctor_code",
    "agent_name",
    "agent_id_number",
    "agent_relation",
    "notes",
)


def _item_for_document(session: Session, app: Application, kind: str) -> ChecklistItem | None:
    """The checklist item a captured document of `kind` stands for: the catalogue says
    which materials a document of each kind is (`Material.document_kind`). With several
    (a medical record may be the treatment plan or the dialysis record), the first one
    still waiting; a kind "other" stands for no material in particular."""
    if kind == DocumentKind.OTHER:
        return None
    codes = set(session.scalars(select(Material.code).where(Material.document_kind == kind)))
    items = [i for i in app.checklist if i.material_code in codes]
    waiting = [i for i in items if i.status != ChecklistStatus.PROVIDED]
    return waiting[0] if waiting else (items[0] if items else None)


def _draft_problems(
    session: Session, data: ApplicationInput, rules: Rules, today: date
) -> list[Problem]:
    """What stops the form from being saved as a draft: the person and the text."""
    problems = person_problems(_typed(data.person, _PERSON_FIELDS), today)
    problems += phone_problems("agent_phone", data.agent_phone.strip())
    problems += record_text_problems(
        Application, {f: getattr(data, f).strip() for f in _APP_TEXT_FIELDS}
    )
    problems += declared_problems(
        session, data.kind, data.disease_codes, data.hospital_code, rules, complete=False
    )
    return problems


def _form_facts(
    session: Session, data: ApplicationInput, application_id: uuid.UUID | None, today: date
) -> ReceiptFacts:
    """The form as receipt would see it once saved (what _upsert_person and _apply store)."""
    try:
        identity = parse_id_number(data.person.id_number, today=today)
    except ValidationError:
        identity = None
    person = person_by_id_number(session, identity.number) if identity else None
    return ReceiptFacts(
        application_id=application_id,
        person_id=person.id if person else None,
        id_number=identity.number if identity else data.person.id_number.strip(),
        birth_date=identity.birth_date if identity else None,
        phone=data.person.phone.strip(),
        kind=data.kind,
        codes=tuple(data.disease_codes),
        hospital_code=data.hospital_code or None,
        diagnosis_date=data.diagnosis_date,
        doctor_code=data.doctor_code.strip().upper(),
        agent_name=data.agent_name.strip(),
        agent_id_number=data.agent_id_number.strip().upper(),
        agent_relation=data.agent_relation.strip(),
        agent_phone=data.agent_phone.strip(),
    )


class ApplicationService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today
        self.catalogue = CatalogueService(db)

    # -- drafts -------------------------------------------------------------------

    def save_draft(
        self,
        actor: Actor,
        data: ApplicationInput,
        application_id: uuid.UUID | None = None,
        ticks: Mapping[str, bool] | None = None,
    ) -> ApplicationRef:
        """Create or update a draft; only identity and name must be right to save.

        `ticks` are the clerk's checklist boxes (material code: ticked), saved with
        the draft as one change: all or nothing, one new version.
        """
        require_role(actor, STATION_ROLES, "application.save")
        today = self.today()
        rules = self.catalogue.rules()
        installation = self.db.installation()
        with self.db.session() as session:
            problems = _draft_problems(session, data, rules, today)
            if problems:
                raise ValidationError(problems)
            # Both parse: the problems above include theirs.
            identity = parse_id_number(data.person.id_number, today=today)
            name = clean_name(data.person.name)
            person = self._upsert_person(
                session, actor, data.person, identity, name, installation.code
            )
            if application_id is None:
                year = today.year
                seq = next_number(session, f"application:{installation.code}:{year}")
                app = workflow.start(
                    session,
                    actor,
                    number=f"{installation.code}-{year}-{seq:06d}",
                    person=person,
                    station_code=installation.code,
                    kind=data.kind,
                )
                before = None
            else:
                app = load_application(session, application_id)
                if app.person_id != person.id:
                    raise ValidationError([Problem("id_number", "application.person_changed")])
                self._require_editable(app)
                before = snapshot(app, *_APP_FIELDS)
                app.version += 1
            self._apply(session, app, data, actor)
            problems = renewal_problems(session, person.id, app.kind, app.renews_id)
            if problems:
                raise ValidationError(problems)
            session.flush()
            audit.record(
                session,
                actor,
                "application.create" if before is None else "application.update",
                "application",
                app.id,
                before=before,
                after=snapshot(app, *_APP_FIELDS),
            )
            for code, ticked in (ticks or {}).items():
                self._tick(session, actor, app, code, ticked)
            return application_ref(app)

    def _tick(
        self, session: Session, actor: Actor, app: Application, code: str, ticked: bool
    ) -> None:
        """A tick means provided; unticking only takes back "provided", so what the
        station head marked missing or insufficient is never overwritten."""
        item = next((i for i in app.checklist if i.material_code == code), None)
        if ticked and (item is None or item.status != ChecklistStatus.PROVIDED):
            set_checklist_item(
                session, actor, app, checklist_item(app, code), ChecklistStatus.PROVIDED
            )
        elif not ticked and item is not None and item.status == ChecklistStatus.PROVIDED:
            set_checklist_item(session, actor, app, item, ChecklistStatus.PENDING)

    def _upsert_person(
        self,
        session: Session,
        actor: Actor,
        data: PersonInput,
        identity: Any,
        name: str,
        station_code: str,
    ) -> Person:
        person = person_by_id_number(session, identity.number)
        values = _typed(data, _PERSON_FIELDS[2:])
        full, initials = pinyin_keys(name)
        if person is None:
            person = Person(
                id_number=identity.number,
                id_number_rev=identity.number[::-1],
                name=name,
                name_pinyin=full,
                name_initials=initials,
                gender=identity.gender,
                birth_date=identity.birth_date,
                birth_place=identity.birth_place,
                station_code=station_code,
                updated_by=actor.username,
                **values,
            )
            session.add(person)
            session.flush()
            audit.record(
                session,
                actor,
                "person.create",
                "person",
                person.id,
                after=snapshot(person, *_PERSON_FIELDS),
            )
            return person
        changes = {k: v for k, v in {"name": name, **values}.items() if getattr(person, k) != v}
        if changes:
            before = snapshot(person, *changes)
            for key, value in changes.items():
                setattr(person, key, value)
            person.name_pinyin, person.name_initials = full, initials
            person.version += 1
            person.updated_by = actor.username
            audit.record(
                session, actor, "person.update", "person", person.id, before=before, after=changes
            )
        return person

    def _apply(
        self, session: Session, app: Application, data: ApplicationInput, actor: Actor
    ) -> None:
        app.kind = data.kind
        if data.renews_id is not None:  # once linked, kept: the form does not carry it
            app.renews_id = data.renews_id
        app.hospital_code = data.hospital_code or None
        app.diagnosis_date = data.diagnosis_date
        for name in ("doctor_name", "agent_name", "agent_relation", "agent_phone", "notes"):
            setattr(app, name, getattr(data, name).strip())
        app.agent_id_number = data.agent_id_number.strip().upper()
        app.doctor_code = data.doctor_code.strip().upper()
        app.updated_by = actor.username
        app.diseases = [
            ApplicationDisease(disease_code=code, position=i + 1)
            for i, code in enumerate(data.disease_codes)
        ]
        diseases = {
            d.code: d
            for d in session.scalars(select(Disease).where(Disease.code.in_(data.disease_codes)))
        }
        needed = required_materials([diseases[c].required_materials for c in data.disease_codes])
        kept = {item.material_code: item for item in app.checklist}
        app.checklist = [kept.get(code) or ChecklistItem(material_code=code) for code in needed]
        for position, item in enumerate(app.checklist):
            item.position = position

    # -- reading ------------------------------------------------------------------

    def get(self, application_id: uuid.UUID) -> ApplicationView:
        with self.db.reader() as session:
            app = load_application(session, application_id)
            count = session.scalar(
                select(func.count()).where(Document.application_id == application_id)
            )
            return application_view(app, count or 0)

    def history(self, application_id: uuid.UUID) -> list[HistoryEntry]:
        with self.db.reader() as session:
            steps = session.scalars(
                select(StateChange)
                .where(StateChange.application_id == application_id)
                .order_by(StateChange.at)
            ).all()
            names = display_names(session, ((s.actor, s.actor_role) for s in steps))
            return [history_entry(step, names[step.actor]) for step in steps]

    def missing(self, application_id: uuid.UUID) -> list[dict[str, str]]:
        with self.db.reader() as session:
            app = load_application(session, application_id)
            return [m.as_dict() for m in missing_materials(app)]

    @staticmethod
    def _require_editable(app: Application) -> None:
        if State(app.state) not in STATION_EDITABLE:
            raise ValidationError(
                [Problem("state", "application.not_editable", {"state": app.state})]
            )

    # -- state moves --------------------------------------------------------------

    def receipt_check(
        self, actor: Actor, data: ApplicationInput, application_id: uuid.UUID | None = None
    ) -> list[Problem]:
        """Every problem that would stop the form `data` from being saved and received,
        all at once, storing nothing: the draft's rules and the receipt's, the same
        functions save_draft and receive apply."""
        require_role(actor, STATION_ROLES, "application.receive")
        today = self.today()
        rules = self.catalogue.rules()
        with self.db.reader() as session:
            problems = _draft_problems(session, data, rules, today)
            problems += receipt_problems(
                session, _form_facts(session, data, application_id, today), rules, today
            )
        unique: dict[tuple[str, str], Problem] = {}
        for problem in problems:
            unique.setdefault((problem.field, problem.message), problem)
        return list(unique.values())

    def receive(self, actor: Actor, application_id: uuid.UUID) -> ApplicationRef:
        """Receive the application at the counter: every rule checked, every problem listed."""
        require_role(actor, STATION_ROLES, "application.receive")
        today = self.today()
        rules = self.catalogue.rules()
        with self.db.session() as session:
            app = load_application(session, application_id)
            check_transition(State(app.state), State.RECEIVED, actor.role)
            problems = receipt_problems(session, ReceiptFacts.of(app), rules, today)
            if problems:
                raise ValidationError(problems)
            if app.received_at is None:
                app.received_at = utcnow()
                app.received_by = actor.username
                app.quarter = review_quarter(today, rules.quarter_cutoff_day)
            workflow.move(session, app, actor, State.RECEIVED)
            return application_ref(app)

    def withdraw(self, actor: Actor, application_id: uuid.UUID, reason: str) -> ApplicationRef:
        if not reason.strip():
            raise ValidationError([Problem("reasons", "withdraw.reason_required")])
        with self.db.session() as session:
            app = load_application(session, application_id)
            workflow.move(session, app, actor, State.WITHDRAWN, [reason.strip()])
            return application_ref(app)

    def discard_draft(self, actor: Actor, application_id: uuid.UUID) -> ApplicationRef:
        """The clerk threw an unfinished form away (Next applicant, Discard): its draft,
        which autosave made, is withdrawn, audited like every withdrawal, never deleted.
        Only a draft: an application once received is withdrawn with a reason given."""
        with self.db.session() as session:
            app = load_application(session, application_id)
            if app.state != State.DRAFT:
                raise ValidationError(
                    [Problem("state", "withdraw.not_a_draft", {"state": state_term(app.state)})]
                )
            workflow.move(session, app, actor, State.WITHDRAWN, [t("withdraw.draft_discarded")])
            return application_ref(app)

    # -- documents ----------------------------------------------------------------

    def attach_document(
        self,
        actor: Actor,
        application_id: uuid.UUID,
        kind: str,
        name: str,
        data: bytes,
        source: str = "file",
        crop: tuple[int, int, int, int] | None = None,
    ) -> DocumentInfo:
        """Store a document and tick the checklist item it stands for, if listed: one
        change, one new version.

        The file is checked and normalised before the transaction opens and its blob
        written before the row commits, so a refused file stores nothing and a stored
        row always has its bytes.
        """
        prepared = self.prepare_document(actor, kind, name, data, crop)
        with self.db.session() as session:
            app = load_application(session, application_id)
            self._require_editable(app)
            document = store_document(
                session, self.db.blobs, actor, app, kind, name, prepared, source
            )
            item = _item_for_document(session, app, kind)
            if item is not None:
                set_checklist_item(
                    session, actor, app, item, ChecklistStatus.PROVIDED, document_id=document.id
                )
            app.version += 1
            return document_info(document)

    @staticmethod
    def prepare_document(
        actor: Actor,
        kind: str,
        name: str,
        data: bytes,
        crop: tuple[int, int, int, int] | None = None,
    ) -> PreparedDocument:
        """The file checked and normalised, before any transaction opens."""
        require_role(actor, STATION_ROLES, "document.add")
        if kind not in DOCUMENT_KINDS:
            raise ValidationError([Problem("kind", "document.bad_kind", {"kind": kind})])
        return (
            prepare_photo(name, data, crop)
            if kind == DocumentKind.PHOTO
            else prepare_document(name, data)
        )
