"""Tracebacks for the IT person, never for the user: one file per unexpected error.

A traceback can hold an applicant's name or ID number from a local variable's
repr, so the file is private to its owner like the rest of the data directory.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from app.paths import private_dir


def write_error_log(log_dir: Path, text: str) -> Path:
    """Write `text` to a new owner-only file in `log_dir`; return its path."""
    private_dir(log_dir)
    path = log_dir / f"ncms-error-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
