"""Choosing the declared diseases by typing Chinese, pinyin initials or a code.

Typing goes to the search box only: Up and Down pick among the matches, Enter adds
the picked one (the first unless moved), a click adds the one clicked, and Enter on
an empty box moves on to the next field. The matches never take the keyboard, so
typing there can never add a disease unseen. The chosen diseases are listed under
their own label; Delete there, or the Remove button beside them, takes the selected
one out. Seed rule: at most two diseases, so a third is refused with the reason shown.

A disease reads as the clerk knows it, by its name alone (the catalogue's name in the
window's language); its code, which the county's lists use, is in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.intake.catalogue import CatalogueService
from ui.catalogue_names import disease_names

CodeRole = Qt.ItemDataRole.UserRole + 1
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def plain_enter(event: QKeyEvent) -> bool:
    """Enter or the keypad's Enter with no modifier (Ctrl+Enter is Receive)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in _ENTER and modifiers == Qt.KeyboardModifier.NoModifier


class _ChosenList(QListWidget):
    delete_pressed = Signal()
    typed = Signal(str)

    def sizeHint(self) -> QSize:
        # Narrower than a list's default, so that with Remove beside it the picker asks
        # for no more width than the other fields (the form must fit a 1024 screen).
        hint = super().sizeHint()
        return QSize(min(hint.width(), 160), hint.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        if plain_enter(event):
            self.focusNextChild()
            return
        if event.text().isprintable() and event.text().strip():
            self.typed.emit(event.text())  # a search typed here belongs in the box
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
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chosen = _ChosenList()
        self.chosen.setObjectName("diseases_chosen")
        self.chosen.setMaximumHeight(56)
        self.chosen_label = QLabel(self.tr("Chosen diseases"))
        self.chosen_label.setObjectName("diseases_chosen_label")
        self.chosen_label.setBuddy(self.chosen)
        self.chosen.setAccessibleName(self.chosen_label.text())
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("disease_remove")
        self.remove_button.setToolTip(self.tr("Remove the selected disease (Delete)"))
        # The keyboard's way is Delete in the list; the button is no stop on the way
        # from the diseases to the hospital.
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notice = QLabel()
        self.notice.setObjectName("disease_notice")
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen_label)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.chosen, 1)
        chosen_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(chosen_row)
        layout.addWidget(self.notice)
        self.setFocusProxy(self.search)
        self.search.textChanged.connect(self.on_search_changed)
        self.search.installEventFilter(self)
        self.matches.itemClicked.connect(self.on_match_clicked)
        self.chosen.delete_pressed.connect(self.on_remove_selected)
        self.chosen.currentRowChanged.connect(self._update_remove_button)
        self.remove_button.clicked.connect(self.on_remove_selected)
        self.chosen.typed.connect(self.on_typed_in_chosen)
        self.on_search_changed("")
        self._update_chosen_focus()

    def codes(self) -> list[str]:
        return [self.chosen.item(i).data(CodeRole) for i in range(self.chosen.count())]

    def set_codes(self, codes: list[str]) -> None:
        self.chosen.clear()
        for code in codes:
            self._append(code)
        self.notice.hide()
        self._update_chosen_focus()
        self.changed.emit(self.codes())

    def label(self, code: str) -> str:
        return self.names.get(code, code)

    def _item(self, code: str) -> QListWidgetItem:
        item = QListWidgetItem(self.label(code))
        item.setData(CodeRole, code)
        item.setToolTip(code)
        return item

    def _append(self, code: str) -> None:
        self.chosen.addItem(self._item(code))
        self.chosen.setCurrentRow(self.chosen.count() - 1)  # what Delete or Remove takes

    def _update_chosen_focus(self) -> None:
        # An empty list of choices is no stop on the way to the hospital.
        self.chosen.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if self.chosen.count() else Qt.FocusPolicy.NoFocus
        )
        self._update_remove_button()

    def _update_remove_button(self) -> None:
        self.remove_button.setEnabled(self.chosen.currentRow() >= 0)

    def add(self, code: str) -> bool:
        if code in self.codes():
            return False
        if len(self.codes()) >= self.maximum:
            self.notice.setText(
                self.tr(
                    "{0} diseases are chosen: at most {0} may be declared. Remove one first."
                ).format(self.maximum)
            )
            self.notice.show()
            return False
        self._append(code)
        self.notice.hide()
        self.search.clear()
        self._update_chosen_focus()
        self.changed.emit(self.codes())
        return True

    def on_search_changed(self, text: str) -> None:
        # The refusal was about the last attempt: a new search is a new attempt.
        self.notice.hide()
        self.matches.clear()
        for disease in self.catalogue.search_diseases(text):
            self.matches.addItem(self._item(disease.code))
        if text.strip() and self.matches.count():
            self.matches.setCurrentRow(0)  # what Enter adds; with nothing typed it moves on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.matches.currentRow() + step, 0), self.matches.count() - 1)
                self.matches.setCurrentRow(row)
                return True
            if plain_enter(event):
                if self.search.text().strip():
                    self.on_add_current_match()
                else:
                    self.search.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    def on_add_current_match(self) -> None:
        item = self.matches.currentItem() or self.matches.item(0)
        if item is not None:
            self.add(item.data(CodeRole))

    def on_match_clicked(self, item: QListWidgetItem) -> None:
        self.add(item.data(CodeRole))
        self.search.setFocus()

    def on_typed_in_chosen(self, text: str) -> None:
        self.search.setFocus()
        self.search.insert(text)

    def on_remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self.notice.hide()
            self._update_chosen_focus()
            if not self.chosen.count():
                self.search.setFocus()
            self.changed.emit(self.codes())
