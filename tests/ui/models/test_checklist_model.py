"""The examination's checklist model: findings read and edited without a window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.models.checklist_model import (
    COL_MATERIAL,
    COL_REASON,
    COL_STATUS,
    ChecklistModel,
    Finding,
)


def _model() -> ChecklistModel:
    model = ChecklistModel({"photo": "一寸照片"})
    model.set_findings([Finding("photo", "pending", ""), Finding("id_card", "provided", "")])
    return model


def test_rows_read_the_material_finding_and_reason() -> None:
    model = _model()
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert model.index(0, COL_MATERIAL).data() == "一寸照片"
    assert model.index(1, COL_MATERIAL).data() == "id_card"  # unknown code shown as it is
    assert model.index(1, COL_MATERIAL).data(Qt.ItemDataRole.UserRole) == "id_card"
    assert model.index(0, COL_STATUS).data() == "not checked"
    assert model.headerData(COL_REASON, Qt.Orientation.Horizontal).startswith("Reason")


def test_only_the_reason_is_typed_in_and_each_edit_is_announced(qtbot: QtBot) -> None:
    model = _model()
    assert model.flags(model.index(0, COL_REASON)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COL_MATERIAL)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, COL_MATERIAL), "x")
    with qtbot.waitSignal(model.edited) as edited:
        assert model.setData(model.index(0, COL_REASON), "照片不是近期免冠照")
    assert edited.args == [0] and model.findings[0].reason == "照片不是近期免冠照"
    with qtbot.waitSignal(model.edited) as edited:
        model.set_status(1, "missing")
    assert edited.args == [1] and model.index(1, COL_STATUS).data() == "missing"
