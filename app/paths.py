"""Where the program keeps its data: one module so that every part agrees.

The data directory comes from --data-dir, else NCMS_DATA_DIR, else the platform's
per-user data directory. It holds the SQLite database, the blob store, backups
taken before migrations and the encrypted-file keyring where no OS store exists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import environment

APP_NAME = "ncms-chronic"
# Applicants' ID numbers, diagnoses and scans are sensitive personal information
# (PIPL): on POSIX the data directory and what holds them are the owner's alone.
# Windows gives a user's profile folders to that user already; chmod is a no-op there.
_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Make `path` (and missing parents) a directory only its owner can enter."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(_PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file readable and writable by its owner only."""
    if os.name == "posix":
        path.chmod(_PRIVATE_FILE)
    return path


def default_data_dir() -> Path:
    """The platform's per-user data directory, when neither option nor environment names one."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "ncms.sqlite3"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def migration_backups(self) -> Path:
        return self.root / "pre-migration"

    @property
    def work(self) -> Path:
        """Private scratch space (package payloads being built or checked)."""
        return self.root / "work"

    @property
    def outbox(self) -> Path:
        """Station: packages made for the network route, until the county has them."""
        return self.root / "outbox"

    @property
    def uploads(self) -> Path:
        """County: partial and finished uploads received by `ncms serve`."""
        return self.root / "uploads"

    @property
    def served(self) -> Path:
        """County: the latest decision package built for each station by `ncms serve`."""
        return self.root / "served"

    @property
    def keyring_file(self) -> Path:
        return self.root / "secrets.cfg"

    def sqlite_url(self) -> str:
        return f"sqlite:///{self.database}"

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None) -> DataPaths:
        return cls(environment.data_dir(data_dir) or default_data_dir())
