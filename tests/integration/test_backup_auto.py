"""`ncms backup --auto` as a scheduled task runs it: an empty home, stdin closed, the
secret store the program picks by itself."""

from __future__ import annotations

import json
from pathlib import Path

from app.admin.auto_backup import SUFFIX
from tests.integration.cli import init_station, ncms, ok


def test_the_daily_backup_goes_beside_the_data_or_where_settings_say(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    ok(ncms(data, "demo", "--applications", "3", "--seed", "2"))

    said = ok(ncms(data, "backup", "--auto"))
    (made,) = (tmp_path / "station-backups").iterdir()
    assert made.name.endswith(SUFFIX) and str(made) in said
    state = json.loads((data / "backup-state.json").read_text("utf-8"))
    assert state["places"] == [str(tmp_path / "station-backups")] and state["error"] == ""

    chosen = tmp_path / "D盘" / "备份"
    (data / "settings.json").write_text(
        json.dumps({"backup_folder": str(chosen)}, ensure_ascii=False), "utf-8"
    )
    ok(ncms(data, "backup", "--auto"))
    again = ok(ncms(data, "backup", "--auto"))
    assert "removed" not in again  # the newest five stay, whatever their day
    assert len([p for p in chosen.iterdir() if p.name.endswith(SUFFIX)]) == 2


def test_a_daily_backup_that_cannot_be_written_says_where_and_fails(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    (data / "settings.json").write_text(json.dumps({"backup_folder": str(blocked)}), "utf-8")
    result = ncms(data, "backup", "--auto")
    assert result.returncode == 1
    assert f"Not backed up to {blocked}: there is a file where the backup folder" in result.stderr
    assert "Traceback" not in result.stderr
