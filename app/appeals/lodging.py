"""The station's side of an appeal: what a rejected application may be appealed
on and until when, and recording one with the applicant's reasons and any new
materials, in one transaction. The appeal travels with the next package; the
county puts its diseases back before the committee (app/sync/appeals.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import workflow
from app.appeals.rules import (
    appeal_problems,
    certificate_ended,
    rejection_of,
    reopen,
    standing,
)
from app.blobs.intake import PreparedDocument, prepare_document
from app.db.database import Database
from app.db.models import Appeal, Application, Disease
from app.domain.catalogue import Rules
from app.domain.vocabulary import DocumentKind, InstallationRole
from app.domain.workflow import STATION_ROLES, State
from app.errors import DocumentRefused, NcmsError, NotFound, Problem, ValidationError
from app.intake.catalogue import CatalogueService
from app.intake.records import load_application, store_document
from app.security import audit
from app.security.actor import Actor, require_role


@dataclass(frozen=True)
class RejectedDisease:
    code: str
    name: str
    reasons: tuple[str, ...]  # the committee's


@dataclass(frozen=True)
class Appealable:
    """A rejected application as the appeal dialog shows it."""

    application_id: uuid.UUID
    number: str
    name: str
    rejected_on: date
    deadline: date
    diseases: tuple[RejectedDisease, ...]


@dataclass(frozen=True)
class NewMaterial:
    kind: str  # a document kind (app/domain/vocabulary.py)
    name: str
    data: bytes


@dataclass(frozen=True)
class AppealView:
    number: str
    lodged_on: date
    reasons: tuple[str, ...]
    diseases: tuple[str, ...]  # names
    recorded_by: str


# How many days before it is recorded an appeal may say it was lodged (one by post).
BACKDATE_DAYS = 7


class AppealService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today
        self.catalogue = CatalogueService(db)

    def find(self, number: str) -> uuid.UUID:
        """The id of the application numbered `number` (as printed on its receipt)."""
        with self.db.reader() as session:
            found = session.scalar(select(Application.id).where(Application.number == number))
        if found is None:
            raise NotFound("appeal.unknown_application", number=number)
        return found

    def appealable(self, application_id: uuid.UUID) -> Appealable:
        """What may be appealed and until when; NcmsError naming why not."""
        with self.db.reader() as session:
            app = load_application(session, application_id)
            refused, rejection = standing(session, app, self.catalogue.rules())
            refused = refused or certificate_ended(session, app)
            if refused is not None:
                raise NcmsError(refused.key, **refused.params)
            assert rejection is not None  # standing gives one or the other
            names = dict(session.execute(select(Disease.code, Disease.name_zh)).all())
            return Appealable(
                app.id,
                app.number,
                app.person.name,
                rejection.on,
                rejection.deadline,
                tuple(
                    RejectedDisease(code, names.get(code, code), rejection.reasons[code])
                    for code in rejection.diseases
                ),
            )

    def problems(
        self,
        application_id: uuid.UUID,
        reasons: Sequence[str],
        diseases: Sequence[str] = (),
        on: date | None = None,
        materials: Sequence[NewMaterial] = (),
    ) -> list[Problem]:
        """What `lodge` would refuse, storing nothing: the window asks its question
        only about an appeal that can be recorded."""
        problems = []
        for material in materials:
            try:
                self._prepared(material)
            except (DocumentRefused, ValidationError) as err:
                problems += _as_problems(err, "materials")
        with self.db.reader() as session:
            app = load_application(session, application_id)
            appeal = self._appeal(session, app, reasons, diseases, on)
            problems += appeal_problems(session, appeal, app, *self._rules())
            ended = certificate_ended(session, app)
        return problems + ([ended] if ended else []) + self._counter_problems(appeal)

    def _counter_problems(self, appeal: Appeal) -> list[Problem]:
        """The counter's own rule, not the county's (a package may arrive weeks late):
        an appeal is recorded when it is lodged, give or take a few days (one brought
        by post), not dated back past its deadline."""
        if appeal.lodged_on < self.today() - timedelta(days=BACKDATE_DAYS):
            return [Problem("lodged_on", "appeal.backdated", {"days": BACKDATE_DAYS})]
        return []

    @staticmethod
    def _prepared(material: NewMaterial) -> PreparedDocument:
        """The file checked and normalised as the counter's documents are (never the
        photo, which the appeal does not replace)."""
        if material.kind == DocumentKind.PHOTO:
            raise ValidationError([Problem("materials", "appeal.photo")])
        if material.kind not in tuple(DocumentKind):
            raise ValidationError(
                [Problem("materials", "document.bad_kind", {"kind": material.kind})]
            )
        return prepare_document(material.name, material.data)

    def lodge(
        self,
        actor: Actor,
        application_id: uuid.UUID,
        reasons: Sequence[str],
        diseases: Sequence[str] = (),
        on: date | None = None,
        materials: Sequence[NewMaterial] = (),
    ) -> AppealView:
        """Record the applicant's appeal: `diseases` (codes; none: every rejected
        one), `on` the day it was lodged (today unless given), `materials` stored on
        the application with it. Nothing is stored unless all of it is right."""
        require_role(actor, STATION_ROLES, "appeal.lodge")
        if self.db.installation().role != InstallationRole.STATION:
            raise NcmsError("appeal.station_only")
        # Files checked before the transaction opens: a refused one stores nothing.
        prepared = [(m, self._prepared(m)) for m in materials]
        with self.db.session() as session:
            app = session.get(Application, application_id, with_for_update=True)
            if app is None:
                raise NotFound("application.not_found", id=str(application_id))
            appeal = self._appeal(session, app, reasons, diseases, on)
            appeal.recorded_by = appeal.updated_by = actor.username
            problems = appeal_problems(session, appeal, app, *self._rules())
            ended = certificate_ended(session, app)
            problems += ([ended] if ended else []) + self._counter_problems(appeal)
            if problems:
                raise ValidationError(problems)
            session.add(appeal)
            # Pending again here too, as at the county: the counter's seed rule then
            # holds the disease while the appeal runs.
            reopen(app, appeal.disease_codes)
            for material, ready in prepared:
                store_document(
                    session, self.db.blobs, actor, app, material.kind, material.name, ready, "file"
                )
            workflow.move(session, app, actor, State.APPEALED, reasons=appeal.reasons)
            audit.record(
                session,
                actor,
                "application.appeal",
                "application",
                app.id,
                after={
                    "diseases": appeal.disease_codes,
                    "reasons": appeal.reasons,
                    "lodged_on": appeal.lodged_on.isoformat(),
                    "materials": len(prepared),
                },
            )
            return _view(session, app, appeal)

    def _rules(self) -> tuple[Rules, date]:
        return self.catalogue.rules(), self.today()

    def _appeal(
        self,
        session: Session,
        app: Application,
        reasons: Sequence[str],
        diseases: Sequence[str],
        on: date | None,
    ) -> Appeal:
        """The appeal as given, not added to the session; no diseases named: every
        rejected one."""
        if not diseases:
            rejection = rejection_of(session, app, self.catalogue.rules())
            diseases = rejection.diseases if rejection else ()
        return Appeal(
            id=uuid.uuid4(),
            application_id=app.id,
            station_code=app.station_code,
            lodged_on=on or self.today(),
            reasons=[r.strip() for r in reasons if r.strip()],
            disease_codes=list(diseases),
            recorded_by="",
            updated_by="",
        )

    def appeal_of(self, application_id: uuid.UUID) -> AppealView | None:
        with self.db.reader() as session:
            appeal = session.scalar(select(Appeal).where(Appeal.application_id == application_id))
            if appeal is None:
                return None
            return _view(session, load_application(session, application_id), appeal)


def _view(session: Session, app: Application, appeal: Appeal) -> AppealView:
    names = dict(
        session.execute(
            select(Disease.code, Disease.name_zh).where(Disease.code.in_(appeal.disease_codes))
        ).all()
    )
    return AppealView(
        app.number,
        appeal.lodged_on,
        tuple(appeal.reasons),
        tuple(names.get(c, c) for c in appeal.disease_codes),
        appeal.recorded_by,
    )


def _as_problems(error: NcmsError, field: str) -> list[Problem]:
    if isinstance(error, ValidationError):
        return list(error.problems)
    return [Problem(field, error.key, error.params)]
