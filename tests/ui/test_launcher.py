from __future__ import annotations

from pathlib import Path

import pytest

from ui import launcher


def test_cli_commands_do_not_open_a_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = launcher.main(["--data-dir", str(tmp_path / "none"), "users", "list"])
    assert code == 1
    assert "No installation at" in capsys.readouterr().err


def test_gui_is_the_default_command(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    import ui.app

    monkeypatch.setattr(ui.app, "run_gui", lambda *a, **k: calls.append((a, k)) or 0)
    assert launcher.main([]) == 0
    assert launcher.main(["gui", "--demo", "--lang", "en"]) == 0
    assert calls[0][1] == {"demo": None, "language": None}
    assert calls[1][1] == {"demo": "station", "language": "en"}


def test_the_window_opens_the_database_the_cli_would(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    import ui.app

    monkeypatch.setattr(ui.app, "run_gui", lambda *a, **k: calls.append(a) or 0)
    monkeypatch.setenv("NCMS_DB_URL", "postgresql://county/ncms")
    assert launcher.main(["--data-dir", "/d"]) == 0
    assert launcher.main(["--db", "postgresql://option/ncms", "gui"]) == 0
    assert calls == [("/d", "postgresql://county/ncms"), (None, "postgresql://option/ncms")]
    monkeypatch.delenv("NCMS_DB_URL")
    assert launcher.main([]) == 0
    assert calls[-1] == (None, None)


@pytest.mark.parametrize(
    ("command", "language", "expected"),
    [([], "en", "there is no display"), (["gui", "--demo"], None, "没有可显示窗口的图形界面")],
)
def test_without_a_display_one_line_says_so_and_what_to_run(
    tmp_path: Path, command: list[str], language: str | None, expected: str
) -> None:
    import os
    import subprocess
    import sys

    unset = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NCMS_LANG")
    env = {k: v for k, v in os.environ.items() if k not in unset and not k.startswith("XDG_")}
    env.update(HOME=str(tmp_path), NCMS_DATA_DIR=str(tmp_path / "data"))
    if language:
        env["NCMS_LANG"] = language
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "packaging/demo.sh" in lines[0] and "Reinstalling" not in result.stderr
    assert not (tmp_path / "data").exists()
