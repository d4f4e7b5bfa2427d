"""The list pages' table models, read without a window from plain rows."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.certificates.issued import CertifiedDisease, IssuedCertificate
from app.examination.batch_list import BatchRow
from app.sync.conflicts import Conflict
from app.sync.history import PackageRow
from ui.models.batches_model import COL_STATE, BatchesModel, BatchPreviewModel
from ui.models.certificates_model import (
    COL_DISEASES,
    COL_HANDED_OUT,
    COL_VALID_UNTIL,
    CertificatesModel,
)
from ui.models.packages_model import (
    COL_CONTENTS,
    COL_PACKAGE,
    COL_STATUS,
    COL_VERSIONS,
    ConflictsModel,
    PackageHistoryModel,
)
from ui.models.rows_model import RowRole

NAMES = {"HTN": "高血压病", "DM": "糖尿病"}


def _cells(model: BatchesModel | BatchPreviewModel | CertificatesModel, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_batches_read_their_state_in_words(qtbot: QtBot) -> None:
    model = BatchesModel()
    rows = [
        BatchRow("S001-2027Q1-01", date(2027, 1, 1), "closed", 3, uuid.uuid4()),
        BatchRow("S001-2026Q4-01", date(2026, 10, 1), "sent", 12, uuid.uuid4()),
    ]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rows)
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert _cells(model, 0) == ["S001-2027Q1-01", "2027Q1", "ready", "3"]
    assert model.index(1, COL_STATE).data() == "sent"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Batch"
    assert model.index(1, 0).data(RowRole) is rows[1]  # the plain row behind the cells


def test_the_batch_preview_names_each_disease() -> None:
    model = BatchPreviewModel(NAMES)
    model.set_rows([("HTN", 2), ("XX", 1)])
    assert _cells(model, 0) == ["高血压病", "2"]
    assert _cells(model, 1) == ["XX", "1"]  # an unknown code is shown as it is
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Applications"


def test_package_history_says_what_became_of_each_package() -> None:
    model = PackageHistoryModel()
    at = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
    model.set_rows(
        [
            PackageRow("out", "C4105", 7, at, "a.ncmspkg", 10, {"application": 2}, {}, None),
            PackageRow("out", "C4105", 6, at, "b.ncmspkg", 10, {}, {}, "2026-11-21"),
            PackageRow("in", "C4105", 3, at, "c.ncmspkg", 10, {}, {"decision": 4}, None),
        ]
    )
    assert model.index(0, COL_PACKAGE).data() == "sent to C4105"
    statuses = [model.index(r, COL_STATUS).data() for r in range(3)]
    assert statuses == ["not yet", "acknowledged", "applied"]
    assert model.index(0, COL_CONTENTS).data() == "application 2"
    assert model.index(2, COL_CONTENTS).data() == "decision 4"  # what applying it did
    assert model.index(2, 0).data() == at.astimezone().strftime("%Y-%m-%d %H:%M")


def test_a_conflict_shows_the_versions_judged_and_here() -> None:
    model = ConflictsModel(NAMES)
    conflict = Conflict(
        uuid.uuid4(), "S001-2026-000001", "王秀英", "DM", "approved", 3, 5, date(2026, 11, 2)
    )
    model.set_rows([conflict])
    assert model.index(0, 2).data() == "糖尿病"
    assert model.index(0, COL_VERSIONS).data() == "3 → 5"
    assert model.index(0, 5).data() == "2026-11-02"
    assert model.index(0, 0).data(RowRole).decision_id == conflict.decision_id


def _certificate(
    number: str,
    name: str,
    id_number: str,
    codes: tuple[str, ...],
    valid_from: date,
    valid_until: date | None,
    print_count: int,
    handed_out: bool,
) -> IssuedCertificate:
    return IssuedCertificate(
        id=uuid.uuid4(),
        number=number,
        application_number="S001-2026-000001",
        name=name,
        gender="F",
        id_number=id_number,
        village="",
        station="",
        diseases=tuple(CertifiedDisease(c, NAMES[c], "B", valid_until) for c in codes),
        valid_from=valid_from,
        valid_until=valid_until,
        issued_on=valid_from,
        authority="",
        seal="",
        print_count=print_count,
        handed_out=handed_out,
    )


def test_certificates_read_validity_and_hand_out() -> None:
    model = CertificatesModel(NAMES)
    model.set_rows(
        [
            _certificate(
                "C4105-1", "王秀英", "410523195003150021", ("HTN", "DM"), date(2027, 1, 1),
                None, 0, False,
            ),
            _certificate(
                "C4105-2", "李秀兰", "410523195003150048", ("HTN",), date(2027, 1, 1),
                date(2029, 12, 31), 2, True,
            ),
        ]
    )  # fmt: skip
    assert model.index(0, COL_DISEASES).data() == "高血压病, 糖尿病"  # English mode: English marks
    assert model.index(0, COL_VALID_UNTIL).data() == "permanent"
    assert model.index(1, COL_VALID_UNTIL).data() == "2029-12-31"
    assert [model.index(r, COL_HANDED_OUT).data() for r in range(2)] == ["no", "yes"]
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_a_received_package_says_what_it_held_in_the_clerks_words() -> None:
    from app.sync.stations import ReceivedPackage
    from ui.models.stations_model import ReceivedPackagesModel

    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    package = ReceivedPackage(
        1, at, at, "S001-1.ncmspkg", 2048, {"person": 13, "state_change": 52}, {}
    )
    model = ReceivedPackagesModel()
    model.set_rows([package])
    applied = model.index(0, model.columnCount() - 1).data()
    assert "applicants 13" in applied and "history entries 52" in applied
    assert "person" not in applied and "state_change" not in applied
