"""The environment variables that configure the program, read in this one module.

An option given on the command line wins over the environment, and the
environment over what the installation saved; the window and the CLI resolve
each setting through the same function here, so `NCMS_DB_URL` opens the same
database whether the clerk starts `ncms` or `ncms users list`.

Secrets handed to one command are not configuration and are read where they are
used, at the moment they are needed: `NCMS_PASSWORD` and `NCMS_ADMIN_PASSWORD`
(with `NCMS_ADMIN_USER`, the account it belongs to) in app/cli/common.py,
`NCMS_SYNC_TOKEN` in app/cli/keys.py, `NCMS_SECRET_PASSPHRASE` in
app/security/secrets.py.
"""

from __future__ import annotations

import os
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
