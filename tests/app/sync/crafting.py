"""Making bad packages on purpose: open a good one as its sender can, change what a
forger or a broken copy would change, and seal it again."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync.manifest import MANIFEST, SIGNATURE


def payload_entries(package: Path, identity: str) -> dict[str, bytes]:
    """The entries of a package, decrypted with one of its recipients' identities."""
    plain = pyrage.decrypt(package.read_bytes(), [pyrage.x25519.Identity.from_str(identity)])
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def seal_entries(
    entries: list[tuple[str, bytes]],
    out: Path,
    recipient: str,
    compress: int = zipfile.ZIP_DEFLATED,
) -> Path:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some cases
        with zipfile.ZipFile(buffer, "w", compression=compress) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    out.write_bytes(
        pyrage.encrypt(buffer.getvalue(), [pyrage.x25519.Recipient.from_str(recipient)])
    )
    return out


def resign(
    entries: dict[str, bytes],
    key: Ed25519PrivateKey,
    change: Callable[[dict[str, Any]], None] = lambda m: None,
) -> dict[str, bytes]:
    """Edit the manifest with `change`, then sign it with `key`."""
    manifest = json.loads(entries[MANIFEST])
    change(manifest)
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    return {**entries, MANIFEST: raw, SIGNATURE: key.sign(raw)}
