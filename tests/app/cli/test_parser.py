"""Each command group's parser: its commands and options parse into the handler
that runs them, and `ncms --help` lists every group."""

from __future__ import annotations

import argparse
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

from app.cli import (
    backup,
    certificates,
    demo,
    init,
    keys,
    main,
    national,
    report,
    review,
    sync,
    users,
    verify,
)

# What DESIGN.md's CLI contract lists, in the order `ncms --help` shows it.
COMMANDS = [
    "gui", "init", "users", "demo", "training", "keys", "peers", "batch", "export", "import",
    "serve", "sync", "review", "certificates", "renewals", "appeal",
    "national", "report", "backup",
    "restore", "verify",
]  # fmt: skip


def parse(*argv: str) -> argparse.Namespace:
    return main.build_parser().parse_args(list(argv))


def test_help_lists_every_command_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse("--help")
    assert exited.value.code == 0
    listed = [
        line.split()[0]
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("    ") and not line.startswith("     ")
    ]
    assert listed == COMMANDS


def test_version_is_the_installed_package_s(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse("--version")
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"ncms {metadata.version('ncms-chronic')}\n"


def test_each_group_registers_only_its_own_commands() -> None:
    added = {}
    for group in main.GROUPS:
        parser = argparse.ArgumentParser()
        group.register(parser.add_subparsers())
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        added[group.__name__.rsplit(".", 1)[1]] = list(action.choices)
    assert added == {
        "gui": ["gui"],
        "init": ["init"],
        "users": ["users"],
        "demo": ["demo"],
        "training": ["training"],
        "keys": ["keys", "peers"],
        "batch": ["batch"],
        "sync": ["export", "import", "serve", "sync"],
        "review": ["review"],
        "certificates": ["certificates"],
        "renewals": ["renewals"],
        "appeal": ["appeal"],
        "national": ["national"],
        "report": ["report"],
        "backup": ["backup", "restore"],
        "verify": ["verify"],
    }


def test_global_options_come_before_the_command() -> None:
    args = parse("--data-dir", "/d", "--db", "postgresql://x/y", "users", "list")
    assert (args.data_dir, args.db, args.handler) == ("/d", "postgresql://x/y", users.list_)


def test_gui_has_no_handler_the_launcher_opens_the_window() -> None:
    args = parse("gui", "--demo", "--lang", "en")
    assert (args.demo, args.lang, getattr(args, "handler", None)) == ("station", "en", None)
    with pytest.raises(SystemExit):
        parse("gui", "--lang", "fr")


def test_init() -> None:
    station = parse(
        "init", "station", "--code", "S1", "--name", "N", "--county", "C1",
        "--recovery-sheet", "r.pdf",
    )  # fmt: skip
    assert (station.handler, station.role, station.code, station.county) == (
        init.init,
        "station",
        "S1",
        "C1",
    )
    assert station.recovery_sheet == Path("r.pdf")
    county = parse("init", "county", "--code", "C1", "--name", "N")
    assert (county.role, county.recovery_sheet) == ("county", None)
    assert not hasattr(county, "county")
    with pytest.raises(SystemExit):
        parse("init", "station", "--code", "S1", "--name", "N")  # no --county


def test_users() -> None:
    add = parse("users", "add", "li", "--role", "clerk", "--display-name", "Li")
    assert (add.handler, add.name, add.role, add.display_name) == (users.add, "li", "clerk", "Li")
    assert parse("users", "add", "li", "--role", "clerk").display_name == ""
    role = parse("users", "role", "li", "station_head")
    assert (role.handler, role.name, role.role) == (users.role, "li", "station_head")
    with pytest.raises(SystemExit):
        parse("users")


def test_demo() -> None:
    args = parse("demo")
    assert (args.handler, args.applications, args.seed, args.chunk) == (demo.demo, 200, None, 1000)
    args = parse("demo", "--applications", "5", "--seed", "3", "--chunk", "2")
    assert (args.applications, args.seed, args.chunk) == (5, 3, 2)


def test_keys_and_peers() -> None:
    assert parse("keys", "export", "--out", "k.json").handler is keys.export
    assert parse("keys", "age-identity", "--out", "a.txt").handler is keys.age_identity
    recovery = parse("keys", "recovery")
    assert (recovery.handler, recovery.out) == (backup.recovery_key, None)
    add = parse("peers", "add", "c.json")
    assert (add.handler, add.file) == (keys.peers_add, Path("c.json"))
    assert parse("peers", "list").handler is keys.peers_list
    assert parse("peers", "revoke", "S001").code == "S001"
    county = parse("peers", "token", "S001")
    station = parse("peers", "token", "--set")
    assert (county.handler, county.code, county.set) == (keys.peers_token, "S001", False)
    assert (station.code, station.set) == (None, True)


def test_sync_commands() -> None:
    export = parse("export", "--out", "p.ncmspkg", "--station", "S001")
    assert (export.handler, export.out, export.station) == (sync.export, Path("p.ncmspkg"), "S001")
    assert parse("import", "p.ncmspkg").handler is sync.import_
    serve = parse("serve")
    assert serve.handler is sync.serve
    assert (serve.host, serve.port, serve.tls_cert, serve.tls_key) == ("0.0.0.0", 8470, None, None)
    assert (serve.max_size_mb, serve.max_uploads_per_station) == (4096, 2)
    assert (serve.expire_hours, serve.idle_timeout) == (168.0, 60.0)
    online = parse("sync", "--url", "https://county", "--ca-cert", "ca.pem")
    assert (online.handler, online.url, online.ca_cert) == (
        sync.sync,
        "https://county",
        Path("ca.pem"),
    )
    assert online.give_up_minutes == 15.0
    with pytest.raises(SystemExit):
        parse("sync")  # --url is required


def test_review() -> None:
    assert parse("review", "agenda", "--out", "a.xlsx").handler is review.agenda
    assert parse("review", "decisions", "d.xlsx").handler is review.decisions
    held = parse("review", "decisions", "d.xlsx", "--notice-from", "2026-12-03")
    assert (held.notice_from, held.notice_to) == (date(2026, 12, 3), None)


def test_a_mistyped_date_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("review", "decisions", "d.xlsx", "--notice-from", "2026/12/3")
    assert "Not a date: 2026/12/3 (write it as 2026-12-03)" in capsys.readouterr().err


def test_certificates() -> None:
    printing = parse("certificates", "--out", "c.pdf", "--application", "A-1", "A-2")
    assert (printing.handler, printing.application) == (certificates.print_, ["A-1", "A-2"])
    assert (printing.paper, printing.data_only, printing.offset_x, printing.offset_y) == (
        "A5",
        False,
        0.0,
        0.0,
    )
    checking = parse("certificates", "verify", "TEXT")
    assert (checking.handler, checking.text) == (certificates.verify, "TEXT")
    handing = parse(
        "certificates", "hand-out", "C-1", "--to", "agent", "--id-number", "X", "--on", "2026-12-01"
    )
    assert (handing.handler, handing.to, handing.on) == (
        certificates.hand_out,
        "agent",
        date(2026, 12, 1),
    )
    with pytest.raises(SystemExit):
        parse("certificates", "hand-out", "C-1", "--to", "neighbour")
    reviewing = parse(
        "certificates",
        "annual-review",
        "C-1",
        "--result",
        "合格",
        "--year",
        "2027",
        "--print",
        "s.pdf",
    )
    assert (reviewing.handler, reviewing.year, reviewing.print) == (
        certificates.annual_review,
        2027,
        Path("s.pdf"),
    )
    revoking = parse("certificates", "revoke", "C-1", "--reason", "moved away")
    assert (revoking.handler, revoking.reason) == (certificates.revoke, "moved away")
    with pytest.raises(SystemExit):
        parse("certificates", "revoke", "C-1")  # a reason is required


def test_national() -> None:
    sending = parse("national", "export", "--out", "n.xlsx", "--jsonl", "n.jsonl")
    assert (sending.handler, sending.jsonl, sending.area, sending.unanswered) == (
        national.export,
        Path("n.jsonl"),
        None,
        False,
    )
    assert parse("national", "export", "--out", "n.xlsx", "--unanswered").unanswered
    assert parse("national", "import-reply", "r.jsonl").handler is national.import_reply
    assert parse("national", "status").handler is national.status
    with pytest.raises(SystemExit):
        parse("national", "export")  # --out is required


def test_report_backup_restore_verify() -> None:
    summary = parse("report", "summary", "--quarter", "2026Q4", "--out", "s.xlsx")
    assert (summary.handler, summary.quarter) == (report.summary, date(2026, 10, 1))
    assert parse("backup", "--out", "b.ncmsbak").handler is backup.backup
    restore = parse("restore", "b.ncmsbak", "--recovery-key", "k.txt")
    assert (restore.handler, restore.recovery_key) == (backup.restore, Path("k.txt"))
    assert parse("verify").repair is False
    assert parse("verify", "--repair").handler is verify.verify


def test_users_name() -> None:
    name = parse("users", "name", "wangkj", "王会计")
    assert (name.handler, name.name, name.display_name) == (users.rename, "wangkj", "王会计")
