"""The training folder `ncms gui --demo` opens: a practice station and its training
county beside the data directory, trusting each other, with accounts to sign in and
demo data, kept until someone starts over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.admin.installation import SIGNING_KEY, stored_secrets
from app.admin.users import UserService
from app.db.database import open_database
from app.db.models import Application, Batch
from app.domain.vocabulary import BatchState, InstallationRole
from app.domain.workflow import Role
from app.errors import AuthenticationFailed
from app.sync.peers import PeerService
from app.training.installation import (
    TRAINING_PASSWORD,
    TRAINING_USERS,
    TrainingInstallation,
    TrainingPaths,
    open_training,
)


@pytest.fixture(scope="module")
def training(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainingInstallation]:
    paths = TrainingPaths.beside(tmp_path_factory.mktemp("training") / "data")
    told: list[tuple[int, int]] = []
    made = open_training(paths, applications=12, progress=lambda *p: told.append(p))
    assert told == [(12, 12)]
    yield made
    made.db.close()


def test_it_sits_beside_the_data_directory_never_inside(training: TrainingInstallation) -> None:
    root = training.paths.root
    assert root.name == "data-training" and not (root.parent / "data").exists()
    assert training.db.paths.root == root / "station"


def test_it_is_a_station_and_a_county_marked_as_training(
    training: TrainingInstallation,
) -> None:
    installation = training.db.installation()
    assert installation.role == InstallationRole.STATION and installation.training
    assert "培训" in installation.name
    with training.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 12
    county = open_database(training.paths.county)
    try:
        me = county.installation()
        assert me.role == InstallationRole.COUNTY and me.training and "培训" in me.name
        # Trusted both ways, with the same keys machinery as real offices.
        assert [p.code for p in PeerService(county).list()] == [installation.code]
        assert [p.code for p in PeerService(training.db).list()] == [me.code]
        assert installation.county_code == me.code
    finally:
        county.close()


def test_its_accounts_sign_in_with_the_password_on_the_banner(
    training: TrainingInstallation,
) -> None:
    users = UserService(training.db)
    signed_in = {
        name: users.authenticate(name, TRAINING_PASSWORD) for name, _, _ in TRAINING_USERS.values()
    }
    assert {name: actor.role for name, actor in signed_in.items()} == {
        "training-clerk": Role.CLERK,
        "training-head": Role.STATION_HEAD,
    }
    # History, the status bar and 经办人 show a name, never the login.
    assert [actor.name for actor in signed_in.values()] == ["培训办事员", "培训站长"]
    # The login box is prefilled for the person at the counter: the clerk.
    assert (training.username, training.password) == ("training-clerk", TRAINING_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        users.authenticate("training-clerk", "not-the-password")


def test_its_keys_persist_encrypted_and_open_without_a_passphrase(
    training: TrainingInstallation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NCMS_SECRET_PASSPHRASE", raising=False)
    key = training.secrets.get(SIGNING_KEY)
    assert key and stored_secrets(training.db).get(SIGNING_KEY) == key
    root = Path(training.paths.root)
    on_disk = b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())
    assert key.encode() not in on_disk


def test_the_same_folder_opens_again_as_it_was_left(training: TrainingInstallation) -> None:
    again = open_training(training.paths, applications=99)
    try:
        assert again.db.installation().id == training.db.installation().id
        with again.db.reader() as session:
            assert session.scalar(select(func.count()).select_from(Application)) == 12
    finally:
        again.db.close()


def test_the_quarter_has_a_batch_waiting_to_be_sent(training: TrainingInstallation) -> None:
    with training.db.reader() as session:
        states = set(session.scalars(select(Batch.state)))
    assert BatchState.OPEN not in states
