"""One app-wide "something changed" (as Anki's `operation_did_execute`): a page that
changed data announces what kind, and every page showing that kind refreshes itself,
so no page needs to know which others to tell."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class Change(StrEnum):
    # a draft started, kept or discarded at the counter; received, examined, or decided
    APPLICATION = "application"
    BATCH = "batch"  # a quarter's batch made
    SYNC = "sync"  # a package written, applied, or a conflict resolved
    CERTIFICATE = "certificate"  # issued (arrived from the county) or printed
    NOTICE = "notice"  # a public notice opened or closed, an objection recorded or decided
    # Another desk (or a command, or the sync service) committed something: what, the
    # window was not told, so a page reads its lists again, keeping what is typed.
    ELSEWHERE = "elsewhere"


class Changes(QObject):
    """Signals: changed(frozenset[Change]) after a successful action from the window."""

    changed = Signal(object)

    def announce(self, *what: Change) -> None:
        self.changed.emit(frozenset(what))
