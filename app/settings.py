"""This PC's own settings (language, scanner folder, the county's sync address, where
the window was, when it locks): a small JSON file in the data directory, read into one
typed object. Written atomically so a crash mid-save never leaves a half-written file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

FILE_NAME = "settings.json"
MAX_OFFSET_MM = 20.0
LOCK_AFTER_SECONDS = 600  # counter PCs are shared: an unattended window locks itself


def _offsets(raw: object) -> dict[str, list[float]]:
    """Only well-formed entries: a hand-edited file never stops the program."""
    if not isinstance(raw, dict):
        return {}
    result = {}
    for name, value in raw.items():
        if (
            isinstance(name, str)
            and isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and abs(v) <= MAX_OFFSET_MM for v in value)
        ):
            result[name] = [float(value[0]), float(value[1])]
    return result


@dataclass
class LocalSettings:
    language: str = DEFAULT_LANGUAGE
    scanner_folder: str = ""
    # Certificate booklets: where each printer puts the page, in mm (x right, y up),
    # measured once with a calibration print. Keyed by printer name.
    printer_offsets: dict[str, list[float]] = field(default_factory=dict)
    sync_url: str = ""  # the county's sync service (`ncms serve`)
    auto_sync: bool = False  # sync by itself whenever the county can be reached
    # The county's own CA certificate (PEM), when its HTTPS certificate is self-made;
    # set by the IT person in settings.json, as `ncms sync --ca-cert` takes it.
    sync_ca_file: str = ""
    # Where the main window was when it last closed, as the window saved it (base64):
    # it opens there again. Opaque here; the window checks it still fits the screen.
    window_geometry: str = ""
    # Seconds without keyboard or mouse before the window locks (Settings shows minutes).
    lock_after_seconds: int = LOCK_AFTER_SECONDS
    # Where the daily and closing backups go ("": beside the data directory, see
    # app/admin/auto_backup.py); marked USB sticks get a copy as well.
    backup_folder: str = ""

    def offsets_for(self, printer: str) -> tuple[float, float]:
        x, y = self.printer_offsets.get(printer, [0.0, 0.0])
        return float(x), float(y)

    def set_offsets(self, printer: str, x_mm: float, y_mm: float) -> None:
        if not (
            -MAX_OFFSET_MM <= x_mm <= MAX_OFFSET_MM and -MAX_OFFSET_MM <= y_mm <= MAX_OFFSET_MM
        ):
            raise ValueError(f"offsets must be within ±{MAX_OFFSET_MM} mm")
        self.printer_offsets = {**self.printer_offsets, printer: [round(x_mm, 1), round(y_mm, 1)]}

    @classmethod
    def load(cls, data_dir: Path) -> LocalSettings:
        try:
            raw = json.loads((data_dir / FILE_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or unreadable: defaults, never a crash
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        plain = {
            f.name: raw[f.name]
            for f in fields(cls)
            if f.name in raw
            and f.name != "printer_offsets"
            and type(raw[f.name]) is type(getattr(defaults, f.name))
        }
        settings = cls(**plain, printer_offsets=_offsets(raw.get("printer_offsets")))
        if settings.language not in LANGUAGES:
            settings.language = DEFAULT_LANGUAGE
        if settings.lock_after_seconds < 1:
            settings.lock_after_seconds = LOCK_AFTER_SECONDS
        return settings

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(data_dir / FILE_NAME)
