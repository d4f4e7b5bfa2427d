"""Choosing the declared diseases by typing Chinese, pinyin initials or a code.

Enter adds the first match; Delete removes the selected choice. Seed rule: at
most two diseases, so a third is refused with the reason shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.i18n import current_language, t
from app.intake.catalogue import CatalogueService
from ui.catalogue_names import disease_names

CodeRole = Qt.ItemDataRole.UserRole + 1


class _ChosenList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class DiseasePicker(QWidget):
    """Signals: changed(list of codes)."""

    changed = Signal(list)

    def __init__(
        self, catalogue: CatalogueService, maximum: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.maximum = maximum
        self.names = disease_names(catalogue)
        self.search = QLineEdit()
        self.search.setObjectName("disease_search")
        self.search.setPlaceholderText(self.tr("Type a name, pinyin initials or code, then Enter"))
        self.matches = QListWidget()
        self.matches.setObjectName("disease_matches")
        self.matches.setMaximumHeight(110)
        self.chosen = _ChosenList()
        self.chosen.setObjectName("diseases_chosen")
        self.chosen.setMaximumHeight(56)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen)
        layout.addWidget(self.notice)
        self.search.textChanged.connect(self.on_search_changed)
        self.search.returnPressed.connect(self.on_add_first_match)
        self.matches.itemActivated.connect(self.on_match_activated)
        self.chosen.delete_pressed.connect(self.on_remove_selected)
        self.on_search_changed("")

    def codes(self) -> list[str]:
        return [self.chosen.item(i).data(CodeRole) for i in range(self.chosen.count())]

    def set_codes(self, codes: list[str]) -> None:
        self.chosen.clear()
        for code in codes:
            self._append(code)
        self.notice.hide()
        self.changed.emit(self.codes())

    def label(self, code: str) -> str:
        """A Chinese reader looks for the name; the code is for the county's lists."""
        name = self.names.get(code, code)
        return f"{name}  {code}" if current_language() == "zh_CN" else f"{code}  {name}"

    def _append(self, code: str) -> None:
        item = QListWidgetItem(self.label(code))
        item.setData(CodeRole, code)
        self.chosen.addItem(item)

    def add(self, code: str) -> bool:
        if code in self.codes():
            return False
        if len(self.codes()) >= self.maximum:
            self.notice.setText(t("disease.too_many", count=self.maximum + 1, max=self.maximum))
            self.notice.show()
            return False
        self._append(code)
        self.notice.hide()
        self.search.clear()
        self.changed.emit(self.codes())
        return True

    def on_search_changed(self, text: str) -> None:
        self.matches.clear()
        for disease in self.catalogue.search_diseases(text):
            item = QListWidgetItem(self.label(disease.code))
            item.setData(CodeRole, disease.code)
            self.matches.addItem(item)

    def on_add_first_match(self) -> None:
        if self.matches.count() and self.search.text().strip():
            self.add(self.matches.item(0).data(CodeRole))

    def on_match_activated(self, item: QListWidgetItem) -> None:
        self.add(item.data(CodeRole))

    def on_remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self.notice.hide()
            self.changed.emit(self.codes())
