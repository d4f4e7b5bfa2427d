"""The training folder behind `ncms gui --demo`: a practice station and its practice
county, two ordinary installations made with the same `init` and keys, trusting each
other, so a quarter can be practised from the counter to the certificate.

The folder persists until someone starts over: what the clerk received is there when
the head logs in. It sits beside the real data directory, never inside it, so a
backup or `init` of the real installation never meets practice data. Both
installations are marked as training (Installation.training): their keys live in an
encrypted file opened without a passphrase, and their certificates say they are
practice.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.admin.installation import InitRequest, initialise, stored_secrets
from app.admin.users import UserService
from app.db.database import Database, open_database
from app.db.models import Installation
from app.db.models.installation import TRAINING_SETTING
from app.paths import DataPaths
from app.security import audit, sync_tokens
from app.security.actor import Actor
from app.security.secrets import SecretStore, open_training_store
from app.sync.peers import PeerService, own_identity

# Printed on the training banner and prefilled at login: this data is not real.
# login, role, display name (what history, the status bar and 经办人 show)
TRAINING_USERS = {
    "clerk": ("training-clerk", "clerk", "培训办事员"),
    "head": ("training-head", "station_head", "培训站长"),
}
TRAINING_PASSWORD = "training-1"  # noqa: S105 - a training account, shown on screen
STATION = InitRequest("station", "S001", "宜沟镇合管站（培训）", "PX4105", TRAINING_PASSWORD)
# Its own code (PX: 培训): a real station that scans a practice certificate is told
# "unknown issuer", never that a real county's seal is forged.
COUNTY = InitRequest("county", "PX4105", "汤阴县合管中心（培训）", "PX4105", TRAINING_PASSWORD)
DEMO_SEED = 2026


@dataclass(frozen=True)
class TrainingFolder:
    """A folder of practice installations, made whole or not at all, kept until
    someone starts over (the station's training, app/training/county_center.py's)."""

    root: Path

    @property
    def start_over_marker(self) -> Path:
        """Asked for from the window, whose database is open: done at the next start."""
        return self.root / "start-over"

    def exists(self) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class TrainingPaths(TrainingFolder):
    @classmethod
    def beside(cls, data_root: Path) -> TrainingPaths:
        """The training folder of a data directory: `<data>-training` next to it."""
        return cls(data_root.with_name(data_root.name + "-training"))

    @property
    def station(self) -> DataPaths:
        return DataPaths(self.root / "station")

    @property
    def county(self) -> DataPaths:
        return DataPaths(self.root / "county")

    def exists(self) -> bool:
        """Made whole, and not to be started over."""
        return (
            self.station.database.exists()
            and self.county.database.exists()
            and not self.start_over_marker.exists()
        )


@dataclass
class TrainingInstallation:
    """The practice station, open; the county is opened when it has work."""

    paths: TrainingPaths
    db: Database
    secrets: SecretStore
    username: str
    password: str


def open_training(
    paths: TrainingPaths,
    applications: int = 300,
    progress: Callable[[int, int], None] | None = None,
) -> TrainingInstallation:
    """The training station of `paths`, made first if there is none yet."""
    if not paths.exists():
        _create(paths, applications, progress)
    db = open_database(paths.station)
    secrets = stored_secrets(db)
    if not secrets.get(sync_tokens.STATION_KEY):  # a training folder from before F9 did
        county = open_database(paths.county)
        try:
            give_station_token(db, secrets, county)
        finally:
            county.close()
    # The login is prefilled for the person at the counter: the clerk, not the head.
    clerk = TRAINING_USERS["clerk"][0]
    return TrainingInstallation(paths, db, secrets, clerk, TRAINING_PASSWORD)


def give_station_token(station: Database, station_secrets: SecretStore, county: Database) -> None:
    """The training county issues the training station its sync token and the
    station keeps it, as their two administrators would by phone."""
    admin = Actor.command_line()
    token = PeerService(county).issue_token(admin, STATION.code, stored_secrets(county))
    PeerService(station).store_county_token(admin, token, station_secrets)


def trust_each_other(station: Database, county: Database) -> None:
    """Each installation adds the other's public identity, as their administrators
    would with `ncms peers add`."""
    admin = Actor.command_line()
    PeerService(station).add(admin, own_identity(county))
    PeerService(county).add(admin, own_identity(station))


def request_start_over(paths: TrainingFolder) -> None:
    """Start over at the next start (the window holds the station open until then)."""
    paths.start_over_marker.touch()


def start_over(paths: TrainingFolder) -> None:
    """Delete the practice installations; the next start makes fresh ones.
    Whoever asks has confirmed it, and has closed what was open."""
    shutil.rmtree(paths.root, ignore_errors=True)
    shutil.rmtree(staging(paths), ignore_errors=True)


def staging(paths: TrainingFolder) -> Path:
    """Where a training folder is made before it is moved into place whole."""
    return paths.root.with_name(paths.root.name + ".part")


def _create(
    paths: TrainingPaths, applications: int, progress: Callable[[int, int], None] | None
) -> None:
    """Made beside the training folder and moved into place whole: a killed start
    leaves no half-made practice quarter behind, and the next start begins again."""
    made = TrainingPaths(staging(paths))
    start_over(paths)
    station = training_installation(made.station, STATION)
    county = training_installation(made.county, COUNTY)
    try:
        admin = Actor.command_line()
        trust_each_other(station, county)
        give_station_token(station, stored_secrets(station), county)
        users = UserService(station)
        for username, role, display_name in TRAINING_USERS.values():
            users.add(admin, username, role, TRAINING_PASSWORD, display_name=display_name)
        # Imported here: the demo pulls in image drawing.
        from app.sync.context import SyncKeys
        from app.training.demo import DemoGenerator

        county_keys = SyncKeys.load(stored_secrets(county))
        DemoGenerator(station, seed=DEMO_SEED, county_key=county_keys.signing).run(
            applications, chunk=100, progress=progress
        )
    finally:
        station.close()
        county.close()
    made.root.replace(paths.root)


def training_installation(paths: DataPaths, request: InitRequest) -> Database:
    """A practice installation made by `init`, marked as training, open."""
    initialise(paths, None, request, open_training_store)
    db = open_database(paths)
    with db.session() as session:
        me = session.scalars(select(Installation)).one()
        me.settings = {**me.settings, TRAINING_SETTING: True}
        audit.record(session, Actor.command_line(), "installation.training", "installation", me.id)
    return db
