"""Secrets (signing key, age identity, sync tokens) behind one small interface.

The OS store is used where there is one (Windows Credential Manager on station
PCs, macOS Keychain, Secret Service); where there is none (a headless server, CI)
an encrypted-file keyring in the data directory, unlocked by a passphrase from
NCMS_SECRET_PASSPHRASE or typed at a prompt. Nothing is ever stored in plain
text; without a usable store the program says so and stops. Values stay small:
Windows caps a credential at 2,560 bytes.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import importlib
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app import environment
from app.errors import StorageError
from app.i18n import t
from app.paths import DataPaths, private_file

MAX_SECRET_BYTES = 2000


class SecretStore(Protocol):
    description: str

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


def _check_size(key: str, value: str) -> None:
    if len(value.encode("utf-8")) > MAX_SECRET_BYTES:
        raise ValueError(f"secret {key!r} is too large for an OS credential store")


class MemorySecretStore:
    """For tests and the throwaway training database: nothing leaves the process."""

    description = "memory (throwaway)"

    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._data.get(key)

    def set(self, key: str, value: str) -> None:
        _check_size(key, value)
        self._data[key] = value

    def delete(self, key: str) -> None:
        self._data.pop(key, None)


class KeyringSecretStore:
    """Any `keyring` backend, scoped to one installation.

    The service name carries the installation's UUID, so two installations on
    one PC (a training copy beside the real one) never share keys, and a data
    directory moved or restored elsewhere still finds its own.
    """

    def __init__(
        self, backend: keyring.backend.KeyringBackend, scope: str, description: str
    ) -> None:
        self._backend = backend
        self._service = f"ncms-chronic:{scope}"
        self.description = description

    def get(self, key: str) -> str | None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            return self._backend.get_password(self._service, key)

    def set(self, key: str, value: str) -> None:
        _check_size(key, value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            self._backend.set_password(self._service, key, value)

    def delete(self, key: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(self._service, key)


# The OS credential stores, by platform. Only these count as an "OS store": the
# keyring package also offers file backends (keyrings.cryptfile's and keyrings.alt's,
# one of them plain text, under the user's home), which its chainer would take for
# one and which would prompt for a password or write secrets where nobody looks.
_OS_BACKENDS = (
    ("keyring.backends.Windows", "WinVaultKeyring"),
    ("keyring.backends.macOS", "Keyring"),
    ("keyring.backends.SecretService", "Keyring"),
)


def _os_backend() -> keyring.backend.KeyringBackend | None:
    """The first real OS store that answers here, or None (a headless server)."""
    for module_name, class_name in _OS_BACKENDS:
        try:
            module = importlib.import_module(module_name)
            backend_class = getattr(module, class_name)
            # `priority` raises when the store is absent or does not answer
            # (Secret Service: no D-Bus session, or no daemon behind it).
            backend_class.priority  # noqa: B018
            backend: keyring.backend.KeyringBackend = backend_class()
        except Exception:  # noqa: S112 - any failure means "not this store"
            continue
        return backend
    return None


def _file_backend(path: Path, passphrase: str) -> keyring.backend.KeyringBackend:
    from keyrings.cryptfile.cryptfile import CryptFileKeyring

    backend = CryptFileKeyring()
    backend.file_path = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            backend.keyring_key = passphrase
    except ValueError:
        # The cipher's authentication failed: the passphrase does not open this file.
        raise StorageError("secrets.wrong_passphrase", path=str(path)) from None
    result: keyring.backend.KeyringBackend = backend
    return result


def _passphrase(path: Path) -> str | None:
    env = environment.secret_passphrase()
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(t("secrets.prompt_passphrase", path=path)) or None
    return None


def passphrase_for_workers(data_dir: Path) -> None:
    """Worker processes (`ncms serve --workers N`) open the store themselves and have
    no terminal of their own to ask at: a passphrase typed here is handed to them in
    this process's environment, as NCMS_SECRET_PASSPHRASE would have given it."""
    file_path = DataPaths(data_dir).keyring_file
    if environment.secret_store() == "os" or not file_path.exists():
        return
    typed = _passphrase(file_path)
    if typed:
        environment.hand_to_workers(environment.SECRET_PASSPHRASE, typed)


def open_secret_store(data_dir: Path, scope: str, *, create: bool = True) -> SecretStore:
    """The store of installation `scope`, per NCMS_SECRET_STORE (os | file | auto).

    With `create=False` a missing encrypted file is an error rather than a new
    empty store, so that checking keys never leaves a file behind.
    """
    choice = environment.secret_store()
    file_path = DataPaths(data_dir).keyring_file  # the name installation moves in place
    if choice in ("auto", "os") and not (choice == "auto" and file_path.exists()):
        backend = _os_backend()
        if backend is not None:
            return KeyringSecretStore(backend, scope, t("secrets.in_os", name=backend.name))
        if choice == "os":
            raise StorageError("secrets.no_os_store")
    if not create and not file_path.exists():
        raise StorageError("secrets.file_missing", path=str(file_path))
    passphrase = _passphrase(file_path)
    if not passphrase:
        raise StorageError("secrets.no_store", path=str(file_path))
    return KeyringSecretStore(
        _file_backend(file_path, passphrase), scope, t("secrets.in_file", path=file_path)
    )


class TrainingSecretStore:
    """The training installations' keys, kept with the training folder.

    They vouch for practice data only: their certificates say so and no real
    installation trusts them. So the file is encrypted (AES-GCM) under a key the
    program itself holds, opened at once and without a passphrase; the OS store and
    the passphrase-guarded file stay for real installations.
    """

    description = "training file (practice keys)"
    _KEY = hashlib.sha256(b"ncms-chronic training keys").digest()

    def __init__(self, path: Path, scope: str) -> None:
        self._path = path
        self._scope = scope

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            plain = AESGCM(self._KEY).decrypt(raw[:12], raw[12:], b"ncms-training")
        except (InvalidTag, ValueError):
            raise StorageError("secrets.wrong_passphrase", path=str(self._path)) from None
        data: dict[str, dict[str, str]] = json.loads(plain)
        return data

    def _write(self, data: dict[str, dict[str, str]]) -> None:
        nonce = os.urandom(12)
        sealed = AESGCM(self._KEY).encrypt(nonce, json.dumps(data).encode(), b"ncms-training")
        partial = self._path.with_name(self._path.name + ".partial")
        partial.write_bytes(nonce + sealed)
        private_file(partial).replace(self._path)

    def get(self, key: str) -> str | None:
        return self._read().get(self._scope, {}).get(key)

    def set(self, key: str, value: str) -> None:
        _check_size(key, value)
        data = self._read()
        data.setdefault(self._scope, {})[key] = value
        self._write(data)

    def delete(self, key: str) -> None:
        data = self._read()
        if data.get(self._scope, {}).pop(key, None) is not None:
            self._write(data)


def open_training_store(data_dir: Path, scope: str) -> SecretStore:
    return TrainingSecretStore(DataPaths(data_dir).keyring_file, scope)
