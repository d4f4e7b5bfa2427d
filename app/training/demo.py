"""`ncms demo`: realistic synthetic applicants for training and benchmarks.

Valid ID numbers of the county, Chinese names, the township's villages,
diseases weighted as in real caseloads, generated document images and
histories that walk the real workflow to every state. Rows are written in
chunks, one transaction each, so that killing the run at any moment leaves
only whole applications behind.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.blobs.intake import PreparedDocument
from app.certificates.seal import certificate_data, sign_certificate
from app.db.counters import next_number
from app.db.database import Database
from app.db.models import (
    Application,
    ApplicationDisease,
    Batch,
    Certificate,
    ChecklistItem,
    Decision,
    Disease,
    Document,
    Hospital,
    Person,
    StateChange,
)
from app.domain.catalogue import HOSPITAL_LEVELS, required_materials
from app.domain.identity import make_id_number
from app.domain.names import pinyin_keys
from app.domain.national import EMPLOYEES, RESIDENTS
from app.domain.quarters import quarter_label, review_quarter
from app.domain.validity import benefit_start, certificate_end, validity_end
from app.domain.vocabulary import (
    ApplicationKind,
    BatchState,
    ChecklistStatus,
    InstallationRole,
    Outcome,
)
from app.domain.workflow import State
from app.errors import StorageError
from app.intake.catalogue import CatalogueService
from app.security import audit
from app.security.actor import Actor
from app.training.demo_images import demo_documents

S = State
# The path through the workflow that ends in each state.
_STATION_PATH = [
    S.DRAFT,
    S.RECEIVED,
    S.STATION_ACCEPTED,
    S.BATCHED,
    S.SENT,
    S.COUNTY_RECEIVED,
    S.UNDER_REVIEW,
]
PATHS: dict[State, list[State]] = {
    S.DRAFT: [S.DRAFT],
    S.RECEIVED: [S.DRAFT, S.RECEIVED],
    S.AWAITING_MATERIALS: [S.DRAFT, S.RECEIVED, S.AWAITING_MATERIALS],
    S.RETURNED: [S.DRAFT, S.RECEIVED, S.AWAITING_MATERIALS, S.RETURNED],
    S.WITHDRAWN: [S.DRAFT, S.RECEIVED, S.WITHDRAWN],
    S.STATION_ACCEPTED: _STATION_PATH[:3],
    S.BATCHED: _STATION_PATH[:4],
    S.SENT: _STATION_PATH[:5],
    S.COUNTY_RECEIVED: _STATION_PATH[:6],
    S.UNDER_REVIEW: _STATION_PATH,
    S.EXAM_REQUIRED: [*_STATION_PATH, S.EXAM_REQUIRED],
    S.REJECTED: [*_STATION_PATH, S.REJECTED],
    S.APPROVED: [*_STATION_PATH, S.APPROVED],
    S.PARTLY_APPROVED: [*_STATION_PATH, S.PARTLY_APPROVED],
    S.CERTIFICATE_ISSUED: [*_STATION_PATH, S.APPROVED, S.CERTIFICATE_ISSUED],
    S.EXPIRED: [*_STATION_PATH, S.APPROVED, S.CERTIFICATE_ISSUED, S.EXPIRED],
}
# How long ago (days) applications ending in each state were received: fresh ones
# are still at the station, decided ones are a quarter or more old.
_AGE = {
    S.DRAFT: (0, 3),
    S.RECEIVED: (0, 20),
    S.AWAITING_MATERIALS: (3, 60),
    S.RETURNED: (10, 200),
    S.WITHDRAWN: (5, 300),
    S.STATION_ACCEPTED: (0, 30),
    S.BATCHED: (0, 45),
    S.SENT: (5, 60),
    S.COUNTY_RECEIVED: (10, 70),
    S.UNDER_REVIEW: (20, 80),
    S.EXAM_REQUIRED: (30, 90),
    S.REJECTED: (100, 700),
    S.APPROVED: (95, 120),
    S.PARTLY_APPROVED: (95, 130),
    S.CERTIFICATE_ISSUED: (100, 700),
    S.EXPIRED: (500, 1500),
}
_DECIDED = {S.APPROVED, S.PARTLY_APPROVED, S.REJECTED, S.CERTIFICATE_ISSUED, S.EXPIRED}
# Work still at the station this quarter: the counter's files wait for its batch.
_THIS_QUARTER = {S.STATION_ACCEPTED, S.BATCHED}
# At the county without a decision yet: a training county must hold these itself.
_IN_FLIGHT = {S.SENT, S.COUNTY_RECEIVED, S.UNDER_REVIEW, S.EXAM_REQUIRED}
# Waiting for, or returned for, materials: at least one is not in order.
_SHORT = {S.AWAITING_MATERIALS, S.RETURNED}
_MISSING = "未提供"
# Why a material that was brought is not good enough, by the kind of material.
_INSUFFICIENT_REASONS = {
    "photo": ["非近期免冠照片", "照片尺寸不符合一寸要求"],
    "id": ["复印件不清晰", "身份证已过有效期"],
    "medical": ["复印件不清晰", "非县级及以上医院出具"],
    "exam_report": ["检查报告超过一个月", "非县级及以上医院出具"],
    "other": ["复印件不清晰", "未加盖公章"],
}
_REASON_GROUP = {
    "photo": "photo",
    "id_card_front": "id",
    "id_card_back": "id",
    "insurance_card": "id",
    "medical_record": "medical",
    "diagnosis_proof": "medical",
    "discharge_record": "medical",
    "treatment_plan": "medical",
    "dialysis_record": "medical",
    "transplant_record": "medical",
    "psychiatric_proof": "medical",
    "exam_report": "exam_report",
    "pathology_report": "exam_report",
}
_REJECT_REASONS = ["不符合该病种准入标准", "检查结果不支持诊断", "病历资料不完整"]


@dataclass
class DemoResult:
    applications: int = 0
    persons: int = 0
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# The materials the demo's applicants bring scans of.
_SCANNED = ("photo", "id_card_front", "id_card_back", "medical_record", "exam_report")


class DemoGenerator:
    """`county_key`: the training county's signing key. Its certificates are then
    sealed as training ones by that county, and no file is left waiting at a county
    that never received it (a training county holds only what was really sent).
    `township`: what differs from resources/demo/township.json for another
    township's station (its name, its villages)."""

    def __init__(
        self,
        db: Database,
        today: date | None = None,
        seed: int | None = None,
        county_key: Ed25519PrivateKey | None = None,
        township: Mapping[str, Any] | None = None,
    ) -> None:
        self.db = db
        self.today = today or date.today()
        self.rng = random.Random(seed)
        self.town: dict[str, Any] = {
            **json.loads(
                resources.files("resources").joinpath("demo", "township.json").read_text("utf-8")
            ),
            **(township or {}),
        }
        self.actor = Actor.command_line()
        self._pinyin: dict[str, tuple[str, str]] = {}
        # One batch per quarter for what was sent, one made and waiting to be sent.
        self._batches: dict[tuple[date, bool], uuid.UUID] = {}
        self._training = county_key is not None
        self._demo_key = county_key or Ed25519PrivateKey.generate()

    def run(
        self, count: int, chunk: int = 1000, progress: Callable[[int, int], None] | None = None
    ) -> DemoResult:
        installation = self.db.installation()
        if installation.role != InstallationRole.STATION:
            raise StorageError("demo.station_only")
        self.station = installation.code
        self.county = installation.county_code
        catalogue = CatalogueService(self.db)
        self.rules = catalogue.rules()
        # The document kind each scanned material is, as the catalogue says.
        self.kinds = {code: m.document_kind for code, m in catalogue.materials().items()}
        self._load_catalogue()
        # Applications "already at the county" and ones still to send use different images:
        # a blob the county acknowledged is never sent again, so a real county paired
        # with a demo station must not be assumed to hold the pictures of new applications.
        self.docs = self._store_images(variant=0)
        self.fresh_docs = self._store_images(variant=1)
        with self.db.reader() as session:
            self.taken = set(session.scalars(select(Person.id_number)))
            self._batches = {
                (b.quarter, b.state == BatchState.SENT): b.id
                for b in session.scalars(select(Batch))
            }
        result = DemoResult()
        done = 0
        while done < count:
            size = min(chunk, count - done)
            with self.db.session() as session:
                rows = self._chunk(session, size)
                for model, values in rows.items():
                    if values:
                        session.execute(insert(model), values)
                        result.rows[model.__tablename__] = result.rows.get(
                            model.__tablename__, 0
                        ) + len(values)
                audit.record(
                    session,
                    self.actor,
                    "demo.generate",
                    "application",
                    rows[Application][0]["id"],
                    after={"applications": size},
                )
            done += size
            if progress:
                progress(done, count)
        result.applications = result.rows.get("application", 0)
        result.persons = result.rows.get("person", 0)
        result.documents = result.rows.get("document", 0)
        return result

    def _load_catalogue(self) -> None:
        with self.db.reader() as session:
            self.diseases = {d.code: d for d in session.scalars(select(Disease))}
            hospitals = list(session.scalars(select(Hospital)))
        minimum = HOSPITAL_LEVELS.index(self.rules.min_hospital_level)
        self.hospitals = [
            h.code for h in hospitals if h.public and HOSPITAL_LEVELS.index(h.level) >= minimum
        ]
        self.weights = {c: w for c, w in self.town["disease_weights"].items() if c in self.diseases}
        self.state_weights = {
            s: w
            for s, w in self.town["state_weights"].items()
            if not (self._training and State(s) in _IN_FLIGHT)
        }

    def _store_images(self, variant: int) -> dict[str, list[PreparedDocument]]:
        docs = demo_documents(variant=variant)
        for prepared in (p for group in docs.values() for p in group):
            self.db.blobs.put(prepared.data)
        return docs

    # -- one chunk ----------------------------------------------------------------

    def _chunk(self, session: Session, size: int) -> dict[Any, list[dict[str, Any]]]:
        rows: dict[Any, list[dict[str, Any]]] = {
            Person: [],
            Batch: [],
            Application: [],
            ApplicationDisease: [],
            Document: [],
            ChecklistItem: [],
            StateChange: [],
            Decision: [],
            Certificate: [],
        }
        for _ in range(size):
            self._application(session, rows)
        return rows

    def _person(self) -> dict[str, Any]:
        rng = self.rng
        male = rng.random() < 0.52
        given = rng.choice(self.town["given_male" if male else "given_female"])
        name = _weighted(rng, self.town["surnames"]) + given
        if name not in self._pinyin:
            self._pinyin[name] = pinyin_keys(name)
        full, initials = self._pinyin[name]
        while True:
            birth = self.today - timedelta(days=rng.randint(35 * 365, 90 * 365))
            seq = rng.randrange(0, 1000, 1) // 2 * 2 + (1 if male else 0)
            number = make_id_number(rng.choice(self.town["area_codes"]), birth, seq % 1000)
            if number not in self.taken:
                self.taken.add(number)
                break
        village = rng.choice(self.town["villages"])
        group = f"{rng.randint(1, 9)}组"
        return {
            "id": uuid.uuid4(),
            "id_number": number,
            "id_number_rev": number[::-1],
            "name": name,
            "name_pinyin": full,
            "name_initials": initials,
            "gender": "M" if male else "F",
            "birth_date": birth,
            "birth_place": "",
            "ethnicity": "汉族",
            "address": f"河南省{self.town['county']}{self.town['township']}{village}{group}",
            "village": village,
            "village_group": group,
            "household_number": f"{rng.randint(1, 999999):06d}",
            "ncms_card_number": f"4105{rng.randint(10**9, 10**10 - 1)}",
            "phone": f"1{rng.choice('3589')}{rng.randint(10**8, 10**9 - 1)}",
            **_national_person(number),
            "station_code": self.station,
            "version": 1,
            "updated_by": self.actor.username,
        }

    def _application(self, session: Session, rows: dict[Any, list[dict[str, Any]]]) -> None:
        rng = self.rng
        final = State(_weighted(rng, self.state_weights))
        two = final == S.PARTLY_APPROVED or rng.random() < 0.18
        codes = [_weighted(rng, self.weights)]
        while two and len(codes) < 2:
            other = _weighted(rng, self.weights)
            if other not in codes:
                codes.append(other)
        low, high = _AGE[final]
        received = self.today - timedelta(days=rng.randint(low, high))
        quarter = review_quarter(received, self.rules.quarter_cutoff_day)
        current = review_quarter(self.today, self.rules.quarter_cutoff_day)
        while final in _THIS_QUARTER and quarter != current:
            # Accepted and batched files wait for this quarter's report, not an old one.
            received += timedelta(days=1)
            quarter = review_quarter(received, self.rules.quarter_cutoff_day)
        person = self._person()
        rows[Person].append(person)
        app_id = uuid.uuid4()
        at = datetime.combine(received, time(8, 30), UTC) + timedelta(minutes=rng.randint(0, 480))
        path = list(PATHS[final])
        certificate = None
        if final in (S.CERTIFICATE_ISSUED, S.EXPIRED):
            certificate = self._certificate(session, app_id, person, codes, quarter)
            expired = certificate["valid_until"] is not None and (
                certificate["valid_until"] < self.today
            )
            if expired and final == S.CERTIFICATE_ISSUED:
                path.append(S.EXPIRED)
            elif not expired and final == S.EXPIRED:
                path.pop()
            final = path[-1]
            rows[Certificate].append(certificate)
        number = next_number(session, f"application:{self.station}:{received.year}")
        past_station = S.BATCHED in path
        app = {
            "id": app_id,
            "number": f"{self.station}-{received.year}-{number:06d}",
            "person_id": person["id"],
            "station_code": self.station,
            "kind": ApplicationKind.NEW,
            "state": final.value,
            "hospital_code": rng.choice(self.hospitals),
            "diagnosis_date": received - timedelta(days=rng.randint(5, 400)),
            "doctor_name": (doctor := rng.choice(self.town["doctors"])),
            "doctor_code": _doctor_code(person["id_number"], doctor),
            "received_at": at if len(path) > 1 else None,
            "received_by": self.actor.username if len(path) > 1 else "",
            "quarter": quarter if len(path) > 1 else None,
            "batch_id": self._batch(session, rows, quarter, S.SENT in path)
            if past_station
            else None,
            "version": len(path),
            "acked_version": len(path) if S.SENT in path else 0,
            "created_by": self.actor.username,
            "updated_by": self.actor.username,
            "created_at": at,
            "updated_at": at,
        }
        if rng.random() < 0.3:
            app.update(
                agent_name=self._person()["name"],
                agent_relation=rng.choice(self.town["relations"]),
                agent_id_number=self._person()["id_number"],
                agent_phone=person["phone"],
            )
        rows[Application].append(app)
        for position, code in enumerate(codes, 1):
            outcome = self._outcome(final, position)
            rows[ApplicationDisease].append(
                {
                    "application_id": app_id,
                    "disease_code": code,
                    "position": position,
                    "outcome": outcome,
                }
            )
        # What went to the county before today is acknowledged by it, as after a sync.
        sent = S.SENT in path
        person["acked_version"] = person["version"] if sent else 0
        self._documents_and_checklist(rows, app_id, codes, path, at, sent, final in _SHORT)
        self._history(rows, app_id, path, at, sent)
        if S.APPROVED in path or final in _DECIDED or final == S.EXAM_REQUIRED:
            self._decisions(rows, app_id, codes, final, len(path) - 1, quarter)

    def _outcome(self, final: State, position: int) -> str:
        if final == S.REJECTED or (final == S.PARTLY_APPROVED and position == 2):
            return Outcome.REJECTED
        if final in (S.APPROVED, S.PARTLY_APPROVED, S.CERTIFICATE_ISSUED, S.EXPIRED):
            return Outcome.APPROVED
        return Outcome.PENDING

    def _batch(
        self, session: Session, rows: dict[Any, list[dict[str, Any]]], quarter: date, sent: bool
    ) -> uuid.UUID:
        """The quarter's batch that went to the county, or the one made and waiting."""
        if (quarter, sent) not in self._batches:
            batch_id = uuid.uuid4()
            seq = next_number(session, f"batch:{self.station}:{quarter_label(quarter)}")
            rows[Batch].append(
                {
                    "id": batch_id,
                    "number": f"{self.station}-{quarter_label(quarter)}-{seq:02d}",
                    "station_code": self.station,
                    "quarter": quarter,
                    "state": BatchState.SENT if sent else BatchState.CLOSED,
                    "created_by": self.actor.username,
                    "updated_by": self.actor.username,
                }
            )
            self._batches[quarter, sent] = batch_id
        return self._batches[quarter, sent]

    def _documents_and_checklist(
        self,
        rows: dict[Any, list[dict[str, Any]]],
        app_id: uuid.UUID,
        codes: list[str],
        path: list[State],
        at: datetime,
        sent: bool,
        short: bool,
    ) -> None:
        rng = self.rng
        complete = S.STATION_ACCEPTED in path
        linked: dict[str, uuid.UUID] = {}
        for material in _SCANNED:
            kind = self.kinds[material]
            if not complete and rng.random() < 0.3:
                continue
            prepared = rng.choice((self.docs if sent else self.fresh_docs)[kind])
            doc_id = uuid.uuid4()
            linked[material] = doc_id
            rows[Document].append(
                {
                    "id": doc_id,
                    "application_id": app_id,
                    "kind": kind,
                    "blob_sha256": prepared.sha256,
                    "media_type": prepared.media_type,
                    "size": len(prepared.data),
                    "pages": prepared.pages,
                    "width": prepared.width,
                    "height": prepared.height,
                    "source": "demo",
                    "original_name": f"{kind}.png",
                    "captured_by": self.actor.username,
                    "captured_at": at,
                    "updated_by": self.actor.username,
                    "acked_version": 1 if sent else 0,
                }
            )
        needed = required_materials([self.diseases[c].required_materials for c in codes])
        # The one material a short file surely lacks (more may be lacking).
        lacking = rng.choice([c for c in needed if c not in linked] or needed) if short else None
        for position, code in enumerate(needed):
            if complete or (path == [S.DRAFT] and rng.random() < 0.5):
                status, reason = (
                    (ChecklistStatus.PROVIDED, "") if complete else (ChecklistStatus.PENDING, "")
                )
            elif code != lacking and (code in linked or rng.random() < 0.7):
                status, reason = ChecklistStatus.PROVIDED, ""
            elif code in linked or rng.random() < 0.5:
                group = _INSUFFICIENT_REASONS[_REASON_GROUP.get(code, "other")]
                status, reason = ChecklistStatus.INSUFFICIENT, rng.choice(group)
            else:
                status, reason = ChecklistStatus.MISSING, _MISSING
            rows[ChecklistItem].append(
                {
                    "application_id": app_id,
                    "material_code": code,
                    "position": position,
                    "status": status,
                    "reason": reason,
                    "document_id": linked.get(code),
                }
            )

    def _history(
        self,
        rows: dict[Any, list[dict[str, Any]]],
        app_id: uuid.UUID,
        path: list[State],
        at: datetime,
        sent: bool,
    ) -> None:
        now = datetime.combine(self.today, time(18), UTC)
        gaps = [timedelta(days=self.rng.randint(1, 12)) for _ in path[1:]]
        # Recent applications have had less time: squeeze their steps into what has passed.
        span = now - at
        if gaps and sum(gaps, timedelta()) > span:
            gaps = [span / (len(gaps) + 1)] * len(gaps)
        previous = None
        for version, state in enumerate(path, 1):
            county_side = state in (
                S.COUNTY_RECEIVED,
                S.UNDER_REVIEW,
                S.EXAM_REQUIRED,
                S.APPROVED,
                S.PARTLY_APPROVED,
                S.REJECTED,
                S.CERTIFICATE_ISSUED,
                S.EXPIRED,
            )
            rows[StateChange].append(
                {
                    "id": uuid.uuid4(),
                    "application_id": app_id,
                    "at": at,
                    "actor": "county" if county_side else self.actor.username,
                    "actor_role": "system" if county_side else "clerk",
                    "from_state": previous,
                    "to_state": state.value,
                    "reasons": [self.rng.choice(_REJECT_REASONS)] if state == S.REJECTED else [],
                    "missing_items": [],
                    "application_version": version,
                    "acked": sent,
                }
            )
            previous = state.value
            if version <= len(gaps):
                at += gaps[version - 1]

    def _decisions(
        self,
        rows: dict[Any, list[dict[str, Any]]],
        app_id: uuid.UUID,
        codes: list[str],
        final: State,
        version: int,
        quarter: date,
    ) -> None:
        decided = min(self.today, quarter + timedelta(days=80))
        for position, code in enumerate(codes, 1):
            outcome = (
                Outcome.EXAM_REQUIRED
                if final == S.EXAM_REQUIRED
                else self._outcome(final, position)
            )
            rows[Decision].append(
                {
                    "id": uuid.uuid4(),
                    "application_id": app_id,
                    "application_version": version,
                    "disease_code": code,
                    "outcome": outcome,
                    "reasons": [self.rng.choice(_REJECT_REASONS)]
                    if outcome == Outcome.REJECTED
                    else [],
                    "experts": ["张专家", "李专家"],
                    "decided_on": decided,
                    "county_code": self.county,
                    "updated_by": "county",
                }
            )

    def _certificate(
        self,
        session: Session,
        app_id: uuid.UUID,
        person: dict[str, Any],
        codes: list[str],
        quarter: date,
    ) -> dict[str, Any]:
        start = benefit_start(quarter)
        diseases = []
        for code in codes:
            disease = self.diseases[code]
            end = validity_end(disease.validity_rule, start)
            diseases.append(
                {
                    "code": code,
                    "category": disease.category,
                    "valid_until": end.isoformat() if end else None,
                }
            )
        ends = [
            date.fromisoformat(d["valid_until"]) if d["valid_until"] else None for d in diseases
        ]
        seq = next_number(session, f"demo-certificate:{self.county}:{start.year}")
        # Marked D: demo numbers must never collide with ones a real county issues.
        number = f"{self.county}{start.year}D{seq:05d}"
        # Unsaved rows: the demo inserts in bulk, but seals what a county would.
        data = certificate_data(
            Certificate(
                number=number,
                county_code=self.county,
                diseases=diseases,
                valid_from=start,
                valid_until=certificate_end(ends),
            ),
            Person(name=person["name"], gender=person["gender"], id_number=person["id_number"]),
            training=self._training,
        )
        return {
            "id": uuid.uuid4(),
            "number": number,
            # Sealed with a key made for this demo, not the county's: scanning a demo
            # certificate says "unknown issuer" or "tampered", never "valid". A
            # training county's seal says "training certificate".
            "seal": sign_certificate(data, self._demo_key),
            "application_id": app_id,
            "person_id": person["id"],
            "diseases": diseases,
            "valid_from": start,
            "valid_until": certificate_end(ends),
            "issued_on": start,
            "county_code": self.county,
            "print_count": 1,
            "updated_by": "county",
        }


def _national_person(id_number: str) -> dict[str, str]:
    """A made-up national person number (20 digits, under the province's code) and
    scheme, one in ten the employees': taken from the ID number, not the random
    stream, so every other training value stays as it was."""
    digest = int(hashlib.sha256(id_number.encode()).hexdigest(), 16)
    insutype = EMPLOYEES if digest % 10 == 0 else RESIDENTS
    return {"psn_no": f"4100{digest % 10**16:016d}", "insutype": insutype}


def _doctor_code(id_number: str, doctor: str) -> str:
    """A made-up national doctor code (D, the county's area code, eight digits), the
    same for one doctor's every file; none on one file in twelve, as when the diagnosis
    paper does not give it, so the national export's list of what is missing can be
    practised. Taken from the ID number and the name, not the random stream."""
    if int(hashlib.sha256(id_number.encode()).hexdigest(), 16) % 12 == 0:
        return ""
    digest = int(hashlib.sha256(doctor.encode()).hexdigest(), 16)
    return f"D410523{digest % 10**8:08d}"
