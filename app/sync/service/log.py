"""Structured logs of the sync service: one JSON object a line on stderr.

Events name stations by code, uploads by their random id, and count bytes and
records. They never carry a token, an applicant's name or ID number, or a
request's headers or body, so a log can be handed to anyone debugging the link.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

LOGGER = logging.getLogger("ncms.serve")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            "pid": record.process,  # which worker, when `ncms serve` runs several
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            # The type and where it happened, not the message: messages can quote data.
            entry["error"] = record.exc_info[0].__name__
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                entry["at"] = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    LOGGER.log(level, name, extra={"fields": {k: v for k, v in fields.items() if v is not None}})


def failure(name: str, **fields: Any) -> None:
    """An unexpected error, logged with its type and place (never its text)."""
    LOGGER.error(name, exc_info=True, extra={"fields": fields})
