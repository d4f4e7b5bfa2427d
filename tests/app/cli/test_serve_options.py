"""`ncms serve`: tokens never cross a network in clear unless someone said so, and
--workers takes a number of processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import i18n
from app.cli import main
from app.cli.sync import loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts_need_no_flag(host: str) -> None:
    assert loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "county.local", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not loopback(host)


def _refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    # Refused before the installation is opened: there is none in tmp_path.
    code = main.main(["--data-dir", str(tmp_path / "none"), "serve", *options])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    return captured.err.splitlines()


def test_serving_all_addresses_without_tls_needs_insecure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [line] = _refused(tmp_path, capsys, "--host", "0.0.0.0")
    assert "0.0.0.0" in line and "in clear" in line
    assert "--tls-cert" in line and "reverse proxy" in line and "--insecure" in line
    [default] = _refused(tmp_path, capsys)  # listening everywhere is the default
    assert default == line


def test_the_refusal_speaks_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_language("zh_CN")
    [line] = _refused(tmp_path, capsys, "--host", "192.168.1.20")
    assert "明文" in line and "反向代理" in line and "--insecure" in line


@pytest.mark.parametrize(
    "options",
    [
        ("--host", "127.0.0.1"),  # loopback: behind a reverse proxy on this machine
        ("--host", "0.0.0.0", "--insecure"),
        ("--host", "0.0.0.0", "--tls-cert", "c.pem", "--tls-key", "k.pem"),
    ],
)
def test_with_tls_loopback_or_insecure_it_goes_on_to_open_the_installation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...]
) -> None:
    [line] = _refused(tmp_path, capsys, *options)
    assert "--insecure" not in line and "No installation at" in line


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_workers_must_be_a_whole_number_of_at_least_one(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main.build_parser().parse_args(["serve", "--workers", value])
    assert stopped.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()[-1:]
    assert f"--workers must be a whole number of at least 1, not {value}" in line


def test_the_help_tells_of_workers_and_insecure(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main.main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--workers N worker processes" in text and "--insecure serve without TLS" in text
