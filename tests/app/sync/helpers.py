"""A station and its county, each with its own keys, trusting each other."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from app.admin.installation import InitRequest, initialise
from app.db.database import Database, open_database
from app.domain.identity import make_id_number
from app.domain.workflow import Role
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.paths import DataPaths
from app.security.actor import Actor
from app.security.secrets import MemorySecretStore
from app.sync.context import SyncKeys
from app.sync.export import ExportResult, ExportService
from app.sync.importing import ImportResult, ImportService
from app.sync.peers import PeerService, own_identity
from tests.app.helpers import CHINESE_MEDICINE, CLERK, HEAD, applicant, complete
from tests.conftest import ADMIN_PASSWORD, TODAY

ADMIN = Actor("admin", Role.ADMIN)
REVIEWER = Actor("reviewer1", Role.COUNTY_REVIEWER)


@dataclass
class Side:
    db: Database
    keys: SyncKeys
    root: Path
    secrets: MemorySecretStore

    def export(self, out: Path, station: str | None = None) -> ExportResult:
        return ExportService(self.db, self.keys).export(ADMIN, out, station)

    def import_(self, package: ExportResult | Path) -> ImportResult:
        path = package.path if isinstance(package, ExportResult) else package
        return ImportService(self.db, self.keys).import_package(ADMIN, path)


def make_side(
    root: Path,
    role: str,
    code: str,
    county: str = "C4105",
    url: str | None = None,
    name: str | None = None,
) -> Side:
    secrets = MemorySecretStore()
    paths = DataPaths(root)
    name = name or ("宜沟镇合管站" if role == "station" else "汤阴县合管中心")
    initialise(
        paths, url, InitRequest(role, code, name, county, ADMIN_PASSWORD), lambda *_: secrets
    )
    return Side(open_database(paths, url), SyncKeys.load(secrets), root, secrets)


def trust(a: Side, b: Side) -> None:
    PeerService(a.db).add(ADMIN, own_identity(b.db))
    PeerService(b.db).add(ADMIN, own_identity(a.db))


def png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (shade % 256, 120, 200)).save(out, "PNG")
    return out.getvalue()


def accepted(
    db: Database,
    sequence: int,
    diseases: list[str] | None = None,
    scans: Sequence[bytes] = (),
    **fields: object,
) -> uuid.UUID:
    """An application taken in, complete with a photo (and `scans`), accepted by the
    head; `fields` as `complete` takes them (hospital_code …)."""
    service = ApplicationService(db, today=lambda: TODAY)
    examination = ExaminationService(db)
    number = make_id_number("410523", date(1950, 1, 1 + sequence % 28), sequence)
    ref = service.save_draft(
        CLERK, complete(diseases, person=applicant(sequence, id_number=number), **fields)
    )
    photo = service.attach_document(CLERK, ref.id, "photo", "p.png", png(sequence), source="camera")
    for scan in scans:
        service.attach_document(CLERK, ref.id, "medical_record", "scan.png", scan)
    for item in service.get(ref.id).checklist:
        document = photo.id if item.material_code == "photo" else None
        examination.set_checklist(
            CLERK, ref.id, item.material_code, "provided", document_id=document
        )
    service.receive(CLERK, ref.id)
    examination.accept(HEAD, ref.id)
    return ref.id


def batched(db: Database, count: int, start: int = 1) -> list[uuid.UUID]:
    ids = [accepted(db, start + i) for i in range(count)]
    BatchService(db).make(HEAD, date(2027, 1, 1))
    return ids


REJECTION = "病历不能证明为Ⅱ期及以上高血压"


def issue_certificates(
    station: Side, county: Side, work: Path, count: int, reject: frozenset[int] = frozenset()
) -> list[str]:
    """The whole round: `count` files up, approved by the county (but the agenda rows
    in `reject`, rejected with REJECTION), decisions and sealed certificates back at
    the station. Returns the certificate numbers."""
    from app.review.committee import CaseDecision, ReviewService

    batched(station.db, count)
    work.mkdir(parents=True, exist_ok=True)
    county.import_(station.export(work / "up.ncmspkg"))
    review = ReviewService(county.db, today=lambda: TODAY)
    rows = [
        CaseDecision(
            n,
            c.application_number,
            c.disease_code,
            "rejected" if n - 2 in reject else "approved",
            REJECTION if n - 2 in reject else "",
            ("张医生", "李医生"),
        )
        for n, c in enumerate(review.agenda(), 2)
    ]
    numbers = review.record(REVIEWER, rows, county.keys.signing).certificates
    station.import_(county.export(work / "down.ncmspkg", station.db.installation().code))
    return numbers


def certified_station(root: Path, count: int, reject: frozenset[int] = frozenset()) -> Side:
    """Station S001 with `count` files through its county C4105 (the agenda rows in
    `reject` rejected), the decisions and certificates back; the county closed."""
    station = make_side(root / "station", "station", "S001")
    county = make_side(root / "county", "county", "C4105")
    trust(station, county)
    issue_certificates(station, county, root / "packages", count, reject)
    county.db.close()
    return station


STATION_NAMES = {"S001": "宜沟镇合管站", "S002": "任固镇合管站"}


@dataclass
class County:
    """A county holding two stations' batches, each station still open."""

    county: Side
    stations: dict[str, Side]

    def close(self) -> None:
        for side in (self.county, *self.stations.values()):
            side.db.close()


def county_of_two_stations(root: Path, url: str | None = None) -> County:
    """County C4105 with the batches of S001 (files 1 and 2, hypertension) and S002
    (file 2 again: the same person and disease, flagged a duplicate; file 3, diabetes,
    diagnosed at the county hospital of Chinese medicine)."""
    county = make_side(root / "county", "county", "C4105", url=url)
    stations = {}
    for code, files in (
        ("S001", [(1, "HTN", {}), (2, "HTN", {})]),
        ("S002", [(2, "HTN", {}), (3, "DM", {"hospital_code": CHINESE_MEDICINE})]),
    ):
        station = make_side(root / code, "station", code, name=STATION_NAMES[code])
        trust(station, county)
        for sequence, disease, fields in files:
            accepted(station.db, sequence, [disease], **fields)
        BatchService(station.db).make(HEAD, date(2027, 1, 1))
        county.import_(station.export(root / f"{code}.ncmspkg"))
        stations[code] = station
    return County(county, stations)
