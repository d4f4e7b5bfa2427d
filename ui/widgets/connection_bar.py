"""The banner over the pages while the database cannot be reached (a county's
PostgreSQL restarting, the network between the desks and the server cut), and for a
moment once it can again."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

LOST_STYLE = "background: #c62828; color: white; font-weight: bold; padding: 6px; font-size: 11pt;"
BACK_STYLE = "background: #2e7d32; color: white; font-weight: bold; padding: 6px; font-size: 11pt;"
BACK_SHOWN_MS = 8000


class ConnectionBar(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("connection_bar")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.setInterval(BACK_SHOWN_MS)
        self._hide_later.timeout.connect(self.hide)

    def show_lost(self) -> None:
        self._hide_later.stop()
        self.setStyleSheet(LOST_STYLE)
        self.setText(
            self.tr(
                "The database cannot be reached since {0} (the network or the database "
                "server). Nothing was half-recorded and what you typed is still on screen; "
                "the program reconnects by itself: then do it again."
            ).format(datetime.now().strftime("%H:%M"))
        )
        self.show()

    def show_restored(self) -> None:
        self.setStyleSheet(BACK_STYLE)
        self.setText(
            self.tr("Connected again at {0}; the lists are up to date.").format(
                datetime.now().strftime("%H:%M")
            )
        )
        self.show()
        self._hide_later.start()
