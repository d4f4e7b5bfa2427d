"""The environment variables that configure the program, read in this one module.

An option given on the command line wins over the environment, and the
environment over what the installation saved; the window and the CLI resolve
each setting through the same function here, so `NCMS_DB_URL` opens the same
database whether the clerk starts `ncms` or `ncms users list`.

Secrets handed to one command (a new account's password, the administrator's, a
sync token, the file secret store's passphrase) are read here too, but only at the
moment the command needs them, never kept: each function below reads the variable
again when called, and an empty value counts as not given, so the caller prompts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR = "NCMS_DATA_DIR"
DB_URL = "NCMS_DB_URL"
LANGUAGE = "NCMS_LANG"
SECRET_STORE = "NCMS_SECRET_STORE"  # noqa: S105 - the variable's name, not a secret


def data_dir(option: str | os.PathLike[str] | None = None) -> Path | None:
    """--data-dir, else NCMS_DATA_DIR; None leaves the platform's default to app.paths."""
    chosen = option or os.environ.get(DATA_DIR)
    return Path(chosen) if chosen else None


def db_url(option: str | None = None) -> str | None:
    """--db, else NCMS_DB_URL; None means the SQLite file in the data directory."""
    return option or os.environ.get(DB_URL) or None


def language(option: str | None = None, saved: str | None = None) -> str | None:
    """--lang, else NCMS_LANG, else the language saved in Settings; None for the default.

    Not checked against the languages there are: app.i18n falls back on its own.
    """
    return option or os.environ.get(LANGUAGE) or saved or None


def secret_store() -> str:
    """NCMS_SECRET_STORE: `os`, `file`, or `auto` (the default) to pick by itself."""
    return os.environ.get(SECRET_STORE, "auto")


PASSWORD = "NCMS_PASSWORD"  # noqa: S105 - the variable's name, not a secret
ADMIN_USER = "NCMS_ADMIN_USER"
ADMIN_PASSWORD = "NCMS_ADMIN_PASSWORD"  # noqa: S105
SYNC_TOKEN = "NCMS_SYNC_TOKEN"  # noqa: S105
SECRET_PASSPHRASE = "NCMS_SECRET_PASSPHRASE"  # noqa: S105


def new_password() -> str | None:
    """NCMS_PASSWORD: the password of the account `users add` or `init` creates."""
    return os.environ.get(PASSWORD) or None


def admin_user() -> str | None:
    """NCMS_ADMIN_USER: which administrator NCMS_ADMIN_PASSWORD belongs to."""
    return os.environ.get(ADMIN_USER) or None


def admin_password() -> str | None:
    """NCMS_ADMIN_PASSWORD: confirms an administrator's command without a prompt."""
    return os.environ.get(ADMIN_PASSWORD) or None


def sync_token() -> str | None:
    """NCMS_SYNC_TOKEN: the token `keys token --set` stores, instead of typing it."""
    return os.environ.get(SYNC_TOKEN) or None


def secret_passphrase() -> str | None:
    """NCMS_SECRET_PASSPHRASE: opens the file secret store where there is no keyring."""
    return os.environ.get(SECRET_PASSPHRASE) or None


def has_display() -> bool:
    """False only where the window surely cannot open: an X11/Wayland system (not
    Windows or macOS) with no DISPLAY, no WAYLAND_DISPLAY and no Qt platform chosen.

    Checked before Qt starts, whose own failure there reads as a broken install.
    """
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def locale_forced() -> bool:
    """LC_ALL set by whoever started the program: it overrides every other locale
    variable, so the program leaves the locale alone."""
    return bool(os.environ.get("LC_ALL"))


def set_time_locale(name: str) -> None:
    """LC_TIME for this process, read by Qt when its application starts (the file
    dialog's dates); set before that, it changes nothing else."""
    os.environ["LC_TIME"] = name


SERVE_WORKER = "NCMS_SERVE_WORKER"  # JSON: what `ncms serve --workers` hands each worker


def hand_to_workers(name: str, value: str) -> None:
    """Set `name` for the worker processes `ncms serve --workers` starts next (they
    inherit this process's environment)."""
    os.environ[name] = value


def serve_worker_settings() -> str:
    """The settings `ncms serve` handed this worker process (KeyError if none)."""
    return os.environ[SERVE_WORKER]
