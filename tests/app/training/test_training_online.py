"""F9 in training: the training county's sync service runs in the window's process,
the station's county address points at it, and one online sync delivers the quarter's
batch and brings back the training committee's decisions."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.security import sync_tokens
from app.services import training_services
from app.settings import LocalSettings
from app.sync.online.tus import LinkPolicy
from app.training.installation import TrainingPaths, open_training
from app.training.online import TrainingCountyService
from tests.app.training.helpers import HEAD, receive_and_accept


@pytest.fixture
def paths(tmp_path: Path) -> TrainingPaths:
    return TrainingPaths.beside(tmp_path / "data")


def test_f9_sends_the_batch_to_the_training_county_and_brings_its_decisions(
    paths: TrainingPaths,
) -> None:
    training = open_training(paths, applications=6)
    services = training_services(training)
    received = [
        receive_and_accept(services.applications, seq, disease)
        for seq, disease in ((41, "HTN"), (43, "DM"), (45, "HTN"))
    ]
    quarter = services.applications.get(received[0]).quarter
    assert quarter is not None
    services.batches.make(HEAD, quarter)

    county = TrainingCountyService(paths)
    url = county.start()
    try:
        # The station's county address is the running service's, as F9 reads it.
        assert LocalSettings.load(paths.station.root).sync_url == url
        assert services.exchange.county_answers(url)
        outcome = services.exchange.online(url, LinkPolicy()).run(HEAD)
    finally:
        county.stop()

    assert outcome.delivered and outcome.decisions
    states = [services.applications.get(app_id).state for app_id in received]
    assert states == ["certificate_issued", "exam_required", "rejected"]
    # Stopped with the window: nothing listens there any more.
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/health", timeout=2)
    training.db.close()


def test_a_training_folder_without_a_token_gets_one_when_opened(paths: TrainingPaths) -> None:
    first = open_training(paths, applications=3)
    first.secrets.delete(sync_tokens.STATION_KEY)  # as a folder made before F9 did
    first.db.close()
    again = open_training(paths)
    assert again.secrets.get(sync_tokens.STATION_KEY)
    county = TrainingCountyService(paths)
    url = county.start()
    try:
        # A token the county does not know is refused with NcmsError: this one is taken.
        training_services(again).exchange.online(url, LinkPolicy()).run(HEAD)
    finally:
        county.stop()
    again.db.close()
