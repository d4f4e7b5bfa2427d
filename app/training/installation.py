"""The training installation behind `ncms gui --demo`: a fresh station with
accounts and synthetic data in a throwaway directory, secrets in memory, so it
runs on a machine with no keyring and no passphrase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.admin.installation import InitRequest, initialise
from app.admin.users import UserService
from app.db.database import Database, open_database
from app.paths import DataPaths
from app.security.actor import Actor
from app.security.secrets import MemorySecretStore
from app.training.demo import DemoGenerator

# Printed on the training banner and prefilled at login: this data is not real.
TRAINING_USERS = {"clerk": ("training-clerk", "clerk"), "head": ("training-head", "station_head")}
TRAINING_PASSWORD = "training-1"  # noqa: S105 - a throwaway training account, shown on screen


@dataclass
class TrainingInstallation:
    db: Database
    secrets: MemorySecretStore
    username: str
    password: str


def create_training_installation(
    root: Path,
    applications: int = 300,
    progress: Callable[[int, int], None] | None = None,
) -> TrainingInstallation:
    secrets = MemorySecretStore()
    paths = DataPaths(root)
    initialise(
        paths,
        None,
        InitRequest("station", "S001", "宜沟镇合管站（培训）", "C4105", TRAINING_PASSWORD),
        lambda _root, _scope: secrets,
    )
    db = open_database(paths)
    users = UserService(db)
    for username, role in TRAINING_USERS.values():
        users.add(Actor.command_line(), username, role, TRAINING_PASSWORD)
    DemoGenerator(db, seed=2026).run(applications, chunk=100, progress=progress)
    return TrainingInstallation(db, secrets, TRAINING_USERS["head"][0], TRAINING_PASSWORD)
