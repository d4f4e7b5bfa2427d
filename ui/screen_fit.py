"""Windows that fit the screen they open on: station PCs have 1366×768 and
1024×768 screens, smaller than the window a developer's screen suggests."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFrame, QScrollArea, QWidget

# Room left for the title bar and borders, which are unknown until the window
# manager has drawn them: a window's frame, not only its inside, must fit.
FRAME = QMargins(8, 32, 8, 8)


def available(widget: QWidget) -> QRect:
    """The free part (no taskbar) of the screen the widget is on, or will open on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_size(widget: QWidget, preferred: QSize) -> QSize:
    """`preferred`, made smaller where the screen is."""
    room = available(widget).marginsRemoved(FRAME).size()
    return preferred.boundedTo(room).expandedTo(widget.minimumSize())


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """For dialogs: their usual size, or the whole screen when that is smaller."""
    widget.resize(fit_size(widget, QSize(width, height)))


def clamp_into_screen(widget: QWidget) -> None:
    """Move and shrink a top-level window until its frame is on one screen.

    A saved position may be from a bigger screen or one no longer attached.
    """
    geometry = widget.geometry()
    screen = QGuiApplication.screenAt(geometry.center()) or widget.screen()
    if screen is None:
        return
    room = screen.availableGeometry().marginsRemoved(FRAME)
    size = geometry.size().boundedTo(room.size())
    x = min(max(geometry.x(), room.left()), room.right() + 1 - size.width())
    y = min(max(geometry.y(), room.top()), room.bottom() + 1 - size.height())
    widget.setGeometry(QRect(x, y, size.width(), size.height()))


def restore_or_maximise(window: QWidget, saved: str) -> None:
    """Where the window was last time, clamped to the screen; else the whole screen.

    Call before the window is first shown, on the screen it is to open on.
    """
    if saved and window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
        clamp_into_screen(window)
        return
    # Un-maximising later leaves a window that still fits.
    window.setGeometry(available(window).marginsRemoved(FRAME))
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def saved_geometry(window: QWidget) -> str:
    return bytes(window.saveGeometry().toBase64().data()).decode("ascii")


def scrolled(page: QWidget) -> QScrollArea:
    """A page that scrolls when the screen is smaller than the page can be,
    instead of making the window bigger than the screen."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, as before
    return area


def narrow_combo(combo: QComboBox, characters: int = 12) -> None:
    """A combo box as wide as `characters`, not as its longest item (an English
    disease name), whose list still opens wide enough to read every item."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width())


def long_list_combo(combo: QComboBox, rows: int = 12, characters: int = 16) -> None:
    """A combo box with a long list (every hospital): its list opens `rows` items tall
    and scrolls, not as tall as the screen (the Fusion style ignores maxVisibleItems
    unless the popup is a plain list), and its longest item does not set the width of
    the form it is in; the list still opens wide enough to read every item."""
    combo.setMaxVisibleItems(rows)
    combo.setStyleSheet("QComboBox { combobox-popup: 0; }")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    view = combo.view()

    def fit_view() -> None:
        view.setMinimumWidth(
            view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width()
        )

    model = combo.model()
    model.rowsInserted.connect(fit_view)
    model.modelReset.connect(fit_view)
    fit_view()
