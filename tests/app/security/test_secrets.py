from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import StorageError
from app.security.secrets import MemorySecretStore, open_secret_store


def test_memory_store_round_trip_and_size_cap() -> None:
    store = MemorySecretStore()
    store.set("signing_key", "abc")
    assert store.get("signing_key") == "abc"
    store.delete("signing_key")
    assert store.get("signing_key") is None
    with pytest.raises(ValueError, match="too large"):
        store.set("big", "x" * 3000)


def test_file_store_never_holds_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "station passphrase")
    store = open_secret_store(tmp_path, "inst-1")
    store.set("signing_key", "VERY-SECRET-KEY-MATERIAL")
    raw = (tmp_path / "secrets.cfg").read_bytes()
    assert b"VERY-SECRET" not in raw
    assert open_secret_store(tmp_path, "inst-1").get("signing_key") == "VERY-SECRET-KEY-MATERIAL"
    assert "encrypted file" in store.description


def test_wrong_passphrase_is_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "right")
    open_secret_store(tmp_path, "inst-1").set("k", "v")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "wrong")
    with pytest.raises(StorageError, match="does not open the secret store"):
        open_secret_store(tmp_path, "inst-1")


def test_no_store_at_all_stops_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    monkeypatch.delenv("NCMS_SECRET_PASSPHRASE", raising=False)
    with pytest.raises(StorageError, match="No secret store is available"):
        open_secret_store(tmp_path, "inst-1")


def test_os_store_required_but_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("NCMS_SECRET_STORE", "os")
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(StorageError, match="No operating-system credential store"):
        open_secret_store(tmp_path, "inst-1")


def test_checking_never_creates_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "p")
    with pytest.raises(StorageError, match="does not exist"):
        open_secret_store(tmp_path, "inst-1", create=False)
    assert not (tmp_path / "secrets.cfg").exists()


def test_installations_do_not_share_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "p")
    open_secret_store(tmp_path, "inst-1").set("signing_key", "one")
    assert open_secret_store(tmp_path, "inst-2").get("signing_key") is None
