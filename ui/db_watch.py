"""The window's watch on its database: it hears other desks' commits (so the lists
follow them) and notices when the database cannot be reached and when it can again.

It polls `ChangeFeed` on a thread of its own, never the window's: reaching a server
across a cut network can take the connect timeout, and the counter must stay alive.
Its signals arrive on the window's thread (Qt queues a signal emitted elsewhere).
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from PySide6.QtCore import QObject, Signal

POLL_SECONDS = 3.0
log = logging.getLogger(__name__)


class Feed(Protocol):
    """What the watch polls: `Services.change_feed()` (app/db/change_feed.py)."""

    def poll(self) -> bool:
        """Whether another connection committed since the last poll; raises while
        the database cannot be reached."""
        ...

    def close(self) -> None: ...


class DatabaseWatch(QObject):
    """Signals: changed_elsewhere(), lost(), restored()."""

    changed_elsewhere = Signal()
    lost = Signal()
    restored = Signal()

    def __init__(
        self, feed: Feed, interval: float = POLL_SECONDS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.interval = interval
        self.reachable = True
        self.polls = 0  # looks taken (the first one marks where to follow from)
        self._lock = threading.Lock()  # `reachable` is set from both threads
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="db-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop polling (the window closes); waits briefly for the thread to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 1)
            self._thread = None

    def report_lost(self) -> None:
        """An action of the window failed for want of the database: say so now,
        without waiting for the next poll."""
        self._set_reachable(False)

    def poll_once(self) -> None:
        """One look at the database (what the thread does every `interval`)."""
        self.polls += 1
        try:
            changed = self.feed.poll()
        except Exception:  # any failure to reach it: the banner says, the next poll retries
            log.debug("database not reachable", exc_info=True)
            self._set_reachable(False)
            return
        self._set_reachable(True)
        if changed:
            self.changed_elsewhere.emit()

    def _set_reachable(self, reachable: bool) -> None:
        with self._lock:
            was, self.reachable = self.reachable, reachable
        if was and not reachable:
            self.lost.emit()
        elif reachable and not was:
            self.restored.emit()

    def _run(self) -> None:
        self.poll_once()  # at once: what the pages just read is the mark to follow
        while not self._stop.wait(self.interval):
            self.poll_once()
        self.feed.close()
