"""A whole quarter in training mode: the counter receives, the head examines and
makes the batch, the package goes to the training county on a stick, its committee
decides, the answer comes back, and the certificate printed verifies as practice."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.printing import describe
from app.certificates.seal import Verdict
from app.db.models import Decision
from app.printing.certificate_pdf import render_certificates
from app.services import training_services
from app.sync.exchange import PackageExchange
from app.training.county import EXAMINATION, REJECTION, TrainingCounty
from app.training.installation import TrainingPaths, open_training, start_over
from tests.app.training.helpers import HEAD, receive_and_accept


@pytest.fixture
def paths(tmp_path: Path) -> TrainingPaths:
    return TrainingPaths.beside(tmp_path / "data")


def test_a_whole_quarter_from_the_counter_to_the_certificate(
    paths: TrainingPaths, tmp_path: Path
) -> None:
    training = open_training(paths, applications=12)
    services = training_services(training)
    applications = services.applications
    received = [
        receive_and_accept(applications, seq, d)
        for seq, d in ((31, "HTN"), (33, "DM"), (35, "HTN"))
    ]
    quarter = applications.get(received[0]).quarter
    assert quarter is not None

    made = services.batches.make(HEAD, quarter)
    assert made.applications >= 3 and dict(made.by_disease)["HTN"] >= 2

    stick = tmp_path / "usb"
    stick.mkdir()
    up = stick / services.exchange.next_file_name()
    sent = services.exchange.export(HEAD, up)
    assert set(received) <= set(sent.sent)
    training.db.close()

    down = stick / "answer.ncmspkg"
    answer = TrainingCounty(paths).answer(up, down)
    assert answer.received["application"] >= 3 and answer.certificates

    # Closed and opened again: the training station is where it was left.
    again = open_training(paths, applications=12)
    services = training_services(again)
    exchange: PackageExchange = services.exchange
    exchange.import_package(HEAD, down)
    states = {app_id: services.applications.get(app_id).state for app_id in received}
    assert list(states.values()) == ["certificate_issued", "exam_required", "rejected"]
    with again.db.reader() as session:
        reasons = {
            d.application_id: d.reasons
            for d in session.scalars(select(Decision).where(Decision.application_id.in_(received)))
        }
    assert reasons[received[2]] == [REJECTION] and reasons[received[1]] == [EXAMINATION]

    certificates = services.certificates
    ids = certificates.by_application_numbers([services.applications.get(received[0]).number])
    pdf = tmp_path / "certificate.pdf"
    printed = certificates.print_to(HEAD, ids, pdf, render_certificates)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "")
    assert "样本" in text and "汤阴县合管中心（培训）" in text

    view = certificates.views(ids)[0]
    checked = certificates.verify(view.seal)
    assert checked.verdict in (Verdict.VALID, Verdict.NOT_YET_VALID)
    assert checked.data is not None and checked.data.training
    assert "培训" in describe(checked) or "TRAINING" in describe(checked)
    assert printed.numbers == [view.number]
    again.db.close()


def test_starting_over_makes_a_fresh_quarter(paths: TrainingPaths) -> None:
    first = open_training(paths, applications=5)
    station = first.db.installation().id
    first.db.close()
    start_over(paths)
    assert not paths.root.exists()
    second = open_training(paths, applications=5)
    assert second.db.installation().id != station
    second.db.close()
