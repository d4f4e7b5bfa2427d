"""The one-column models the lists show (the examination's queue, the counter's and
the detail's checklists, the history), read and ticked without a window."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import i18n
from app.intake.application_view import ChecklistEntry, HistoryEntry
from app.intake.listing import ApplicationRow
from ui.models.applications_model import (
    COUNT_LIMIT,
    PAGE_SIZE,
    ApplicationIdRole,
    ApplicationsModel,
)
from ui.models.checklist_model import ChecklistMarksModel
from ui.models.history_model import HistoryModel
from ui.models.intake_checklist_model import IntakeChecklistModel, MaterialRole
from ui.models.queue_model import QueueModel

AT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
CHECK = Qt.ItemDataRole.CheckStateRole


def test_the_queue_shows_number_name_diseases_and_state() -> None:
    model = QueueModel({"HTN": "高血压病"})
    row = ApplicationRow(
        uuid.uuid4(), "S001-2026-000004", "王秀英", "", "F", "", ("HTN", "XX"),
        "awaiting_materials", None, None, AT,
    )  # fmt: skip
    model.set_rows([row])
    assert model.rowCount() == 1 and model.columnCount() == 1
    text = model.index(0, 0).data()
    assert text == "S001-2026-000004  王秀英\n高血压病, XX (awaiting materials)"  # English marks
    assert model.index(0, 0).data(ApplicationIdRole) == row.id
    i18n.set_language("zh_CN")
    assert model.index(0, 0).data() == "S001-2026-000004  王秀英\n高血压病、XX（待补材料）"


def test_the_queue_leads_with_the_received_date() -> None:
    model = QueueModel({"DM": "糖尿病"})
    row = ApplicationRow(
        uuid.uuid4(), "S001-2026-000007", "张桂芳", "", "F", "", ("DM",),
        "received", None, AT, AT,
    )  # fmt: skip
    model.set_rows([row])
    day = f"{AT.astimezone():%Y-%m-%d}"
    assert model.index(0, 0).data() == f"{day}  S001-2026-000007  张桂芳\n糖尿病 (received)"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == model.index(0, 0).data()
    assert model.row_of(row.id) == 0 and model.row_of(uuid.uuid4()) == -1


def test_the_history_reads_one_line_per_move() -> None:
    model = HistoryModel()
    model.set_rows(
        [
            HistoryEntry(AT, "clerk1", "clerk", None, "draft", [], []),
            HistoryEntry(AT, "head1", "station_head", "received", "returned", ["病历不全"], []),
        ]
    )
    when = AT.astimezone().strftime("%Y-%m-%d %H:%M")
    assert model.index(0, 0).data() == f"{when}  clerk1  draft"
    assert model.index(1, 0).data() == f"{when}  head1  received → returned  (病历不全)"


def test_the_detail_marks_each_material_and_gives_the_reason() -> None:
    model = ChecklistMarksModel({"photo": "一寸照片"})
    model.set_rows(
        [
            ChecklistEntry("photo", "missing", "不是近期照片", None),
            ChecklistEntry("id_card_front", "provided", "", None),
            ChecklistEntry("exam_report", "pending", "", None),
        ]
    )
    lines = [model.index(r, 0).data() for r in range(model.rowCount())]
    # A material the station head has not looked at yet says so in words.
    assert lines == [
        "✘ 一寸照片 — 不是近期照片",
        "✔ id_card_front",
        "○ exam_report — not checked yet",
    ]


def test_the_counter_ticks_keep_what_is_still_required(qtbot: QtBot) -> None:
    model = IntakeChecklistModel({"photo": "一寸照片"})
    model.set_materials(["application_form", "photo", "exam_report"])
    photo = model.index(1, 0)
    assert photo.data() == "一寸照片" and photo.data(MaterialRole) == "photo"
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(model.edited) as edited:
        # What a click or Space on the box sends: the state as a number.
        assert model.setData(model.index(1, 0), Qt.CheckState.Checked.value, CHECK)
    assert edited.args == [1] and model.index(1, 0).data(CHECK) == Qt.CheckState.Checked
    model.tick(["exam_report", "not_shown"])
    assert model.ticked_codes() == ["photo", "exam_report"]
    model.set_materials(["application_form", "photo"])  # a disease taken off
    model.set_materials(["application_form", "photo", "exam_report"])  # and back
    assert model.ticks() == {"application_form": False, "photo": True, "exam_report": False}
    model.set_ticked(["application_form"])
    assert model.ticked_codes() == ["application_form"]
    assert not model.setData(model.index(0, 0), "x")  # only the box is edited


def test_setting_ticks_is_not_an_edit(qtbot: QtBot) -> None:
    model = IntakeChecklistModel({})
    model.set_materials(["photo"])
    with qtbot.assertNotEmitted(model.edited):
        model.tick(["photo"])
        model.set_ticked([])


class _Listing:
    """`total` applications, all alike: what the model asks of ApplicationList."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.row = ApplicationRow(
            uuid.uuid4(), "S001-2026-000001", "张三", "410523195001020011", "M", "宜沟村",
            ("HTN",), "received", None, None, datetime(2026, 12, 1, tzinfo=UTC), "S001", "",
            False,
        )  # fmt: skip

    def count(self, _flt: object, limit: int | None = None) -> int:
        return self.total if limit is None else min(self.total, limit + 1)

    def page(self, _flt: object, _sort: str, _desc: bool, offset: int, limit: int) -> list:  # type: ignore[type-arg]
        return [self.row] * max(0, min(limit, self.total - offset))


def _scrolled(model: ApplicationsModel) -> int:
    while model.canFetchMore():
        model.fetchMore()
    return model.rowCount()


def test_a_list_past_the_count_limit_says_more_than_and_still_scrolls_to_its_end() -> None:
    model = ApplicationsModel(_Listing(COUNT_LIMIT + 450), {})  # type: ignore[arg-type]
    model.reload()
    assert model.more_than_counted and model.rowCount() == PAGE_SIZE
    assert _scrolled(model) == COUNT_LIMIT + 450
    small = ApplicationsModel(_Listing(150), {})  # type: ignore[arg-type]
    small.reload()
    assert not small.more_than_counted and small.total == 150
    assert not small.canFetchMore() and small.rowCount() == 150
