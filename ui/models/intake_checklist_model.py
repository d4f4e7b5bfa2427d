"""The counter's checklist: one row per material the declared diseases require,
ticked when the applicant brought it. A row is its material's code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ui.models.rows_model import Index, RowRole, RowsModel

MaterialRole = RowRole  # the row itself: its material's code


class IntakeChecklistModel(RowsModel[str]):
    """Signals: edited(row) after the clerk ticked or unticked a row (not when the page
    sets ticks from what is stored)."""

    edited = Signal(int)

    def __init__(self, material_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([""], parent)  # one column, shown as a list without a header
        self.material_names = material_names
        self.ticked: set[str] = set()

    def display(self, row: str, column: int) -> str:
        return self.material_names.get(row, row)

    def set_materials(self, codes: Sequence[str]) -> None:
        """Show these materials; a material still required keeps its tick."""
        self.ticked = {c for c in codes if c in self.ticked}
        self.set_rows(codes)

    def ticks(self) -> dict[str, bool]:
        """The boxes shown, by material code (the service keeps what the station head
        marked missing or insufficient)."""
        return {code: code in self.ticked for code in self.rows}

    def ticked_codes(self) -> list[str]:
        return [code for code in self.rows if code in self.ticked]

    def tick(self, codes: Iterable[str]) -> None:
        """Tick these materials (those shown), leaving the other ticks as they are."""
        self._set_ticked(self.ticked | set(codes))

    def set_ticked(self, codes: Iterable[str]) -> None:
        """Tick exactly these materials (those shown)."""
        self._set_ticked(set(codes))

    def _set_ticked(self, codes: set[str]) -> None:
        self.ticked = {c for c in self.rows if c in codes}
        if self.rows:
            roles = [Qt.ItemDataRole.CheckStateRole]
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0), roles)

    # -- the list -----------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            ticked = self.rows[index.row()] in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        code = self.rows[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(code)
        else:
            self.ticked.discard(code)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.edited.emit(index.row())
        return True
