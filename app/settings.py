"""This PC's own settings (language, scanner folder): a small JSON file in the data
directory, read into one typed object. Written atomically so a crash mid-save
never leaves a half-written file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

FILE_NAME = "settings.json"


@dataclass
class LocalSettings:
    language: str = DEFAULT_LANGUAGE
    scanner_folder: str = ""

    @classmethod
    def load(cls, data_dir: Path) -> LocalSettings:
        try:
            raw = json.loads((data_dir / FILE_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or unreadable: defaults, never a crash
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in raw.items() if k in known and isinstance(v, str)})
        if settings.language not in LANGUAGES:
            settings.language = DEFAULT_LANGUAGE
        return settings

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(data_dir / FILE_NAME)
