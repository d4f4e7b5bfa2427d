"""One window per data directory: the first start holds the window lock
(app/admin/presence.py) and listens on a local socket named after the directory; a
second start — a clerk double-clicking the icon again because the window is behind
another — asks the first to come forward and ends, instead of opening a second
window on the same data."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.paths import DataPaths

_RAISE = b"raise\n"
CONNECT_MS = 2000


def server_name(paths: DataPaths) -> str:
    """The same for every start on one data directory, per user and machine."""
    digest = hashlib.sha256(str(paths.root.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"ncms-{digest}"


class FirstInstance(QObject):
    """Listens for later starts and calls `come_forward` for each."""

    def __init__(self, paths: DataPaths, come_forward: Callable[[], None]) -> None:
        super().__init__()
        self.come_forward = come_forward
        self.server = QLocalServer(self)
        name = server_name(paths)
        # A socket file left by a first instance that crashed (Unix): ours now, as
        # the window lock we hold proves no live instance owns it.
        QLocalServer.removeServer(name)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_RAISE):
            self.come_forward()
        socket.disconnectFromServer()


def ask_first_to_come_forward(paths: DataPaths) -> bool:
    """A later start's message to the first; False when no first one answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(paths))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(_RAISE)
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent
