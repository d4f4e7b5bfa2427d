"""The training installation `ncms gui --demo` opens: a station in a throwaway
directory, its secrets in memory, with accounts to sign in and demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.admin.installation import SIGNING_KEY
from app.admin.users import UserService
from app.db.models import Application
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import Role
from app.errors import AuthenticationFailed
from app.paths import DataPaths
from app.training.installation import (
    TRAINING_PASSWORD,
    TRAINING_USERS,
    TrainingInstallation,
    create_training_installation,
)


@pytest.fixture(scope="module")
def training(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainingInstallation]:
    root = tmp_path_factory.mktemp("training") / "data"
    told: list[tuple[int, int]] = []
    made = create_training_installation(root, applications=12, progress=lambda *p: told.append(p))
    assert told == [(12, 12)]
    yield made
    made.db.close()


def test_it_is_a_station_marked_as_training(training: TrainingInstallation) -> None:
    installation = training.db.installation()
    assert installation.role == InstallationRole.STATION
    assert "培训" in installation.name
    with training.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 12


def test_its_accounts_sign_in_with_the_password_on_the_banner(
    training: TrainingInstallation,
) -> None:
    users = UserService(training.db)
    roles = {
        name: users.authenticate(name, TRAINING_PASSWORD).role
        for name, _ in TRAINING_USERS.values()
    }
    assert roles == {"training-clerk": Role.CLERK, "training-head": Role.STATION_HEAD}
    # The login box is prefilled with the head's account.
    assert (training.username, training.password) == ("training-head", TRAINING_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        users.authenticate("training-clerk", "not-the-password")


def test_its_keys_stay_in_memory(training: TrainingInstallation) -> None:
    paths = DataPaths(Path(training.db.paths.root))
    key = training.secrets.get(SIGNING_KEY)
    assert key and not paths.keyring_file.exists()
    on_disk = b"".join(p.read_bytes() for p in paths.root.rglob("*") if p.is_file())
    assert key.encode() not in on_disk
