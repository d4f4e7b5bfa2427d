"""This PC's settings file: printer offsets survive a save, and a damaged or
hand-edited file never stops the program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.settings import FILE_NAME, LocalSettings


def test_offsets_are_kept_per_printer(tmp_path: Path) -> None:
    settings = LocalSettings.load(tmp_path)
    assert settings.offsets_for("HP LaserJet") == (0.0, 0.0)
    settings.set_offsets("HP LaserJet", 1.25, -3.0)
    settings.set_offsets("Canon", -0.5, 0.5)
    settings.save(tmp_path)
    loaded = LocalSettings.load(tmp_path)
    assert loaded.offsets_for("HP LaserJet") == (1.2, -3.0)  # tenths of a millimetre
    assert loaded.offsets_for("Canon") == (-0.5, 0.5)


def test_an_offset_beyond_the_page_edge_is_refused(tmp_path: Path) -> None:
    settings = LocalSettings.load(tmp_path)
    with pytest.raises(ValueError, match="20"):
        settings.set_offsets("HP", 25.0, 0.0)
    assert settings.offsets_for("HP") == (0.0, 0.0)


def test_bad_entries_in_the_file_are_ignored(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        json.dumps(
            {
                "language": "en",
                "printer_offsets": {
                    "good": [1, 2],
                    "too far": [99, 0],
                    "short": [1],
                    "text": ["a", "b"],
                },
            }
        ),
        "utf-8",
    )
    loaded = LocalSettings.load(tmp_path)
    assert loaded.language == "en"
    assert loaded.printer_offsets == {"good": [1.0, 2.0]}
    (tmp_path / FILE_NAME).write_text('{"printer_offsets": "nonsense"}', "utf-8")
    assert LocalSettings.load(tmp_path).printer_offsets == {}


def test_sync_settings_round_trip_and_wrong_types_fall_back(tmp_path: Path) -> None:
    settings = LocalSettings(sync_url="https://county:8470", auto_sync=True)
    settings.save(tmp_path)
    loaded = LocalSettings.load(tmp_path)
    assert (loaded.sync_url, loaded.auto_sync, loaded.sync_ca_file) == (
        "https://county:8470",
        True,
        "",
    )
    (tmp_path / "settings.json").write_text(
        '{"sync_url": 8470, "auto_sync": "yes", "language": "en"}', "utf-8"
    )
    hand_edited = LocalSettings.load(tmp_path)
    assert (hand_edited.sync_url, hand_edited.auto_sync, hand_edited.language) == ("", False, "en")


def test_the_lock_time_defaults_to_ten_minutes_and_a_bad_one_is_ignored(tmp_path: Path) -> None:
    assert LocalSettings.load(tmp_path).lock_after_seconds == 600
    (tmp_path / FILE_NAME).write_text(json.dumps({"lock_after_seconds": 0}), "utf-8")
    assert LocalSettings.load(tmp_path).lock_after_seconds == 600
    settings = LocalSettings.load(tmp_path)
    settings.lock_after_seconds = 90
    settings.save(tmp_path)
    assert LocalSettings.load(tmp_path).lock_after_seconds == 90
