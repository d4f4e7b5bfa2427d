"""Making bad packages on purpose: open a good one as its sender can, change what a
forger or a broken copy would change, and seal it again."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
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


Records = list[dict[str, Any]]


def reseal_records(
    package: Path,
    identity: str,
    key: Ed25519PrivateKey,
    recipient: str,
    out: Path,
    edits: dict[str, Callable[[Records], Records]],
) -> Path:
    """The package with some data files' records edited, hashed, counted and signed
    again by `key` under a new package id: every check of the file passes, only the
    content is what a forger made it."""
    entries = payload_entries(package, identity)
    for table, edit in edits.items():
        name = f"data/{table}.jsonl"
        lines = entries.get(name, b"").decode().splitlines()
        records = edit([json.loads(line) for line in lines if line])
        entries[name] = b"".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for r in records
        )

    def rehash(manifest: dict[str, Any]) -> None:
        listed = {entry[0] for entry in manifest["entries"]}
        for table in edits:
            name = f"data/{table}.jsonl"
            data = entries[name]
            if name not in listed:
                manifest["entries"].append([name, "", 0])
                manifest["entry_count"] += 1
            for entry in manifest["entries"]:
                if entry[0] == name:
                    entry[1:] = [hashlib.sha256(data).hexdigest(), len(data)]
            manifest["counts"][table] = data.count(b"\n")
        manifest["package_id"] = str(uuid.uuid4())

    signed = resign(entries, key, rehash)
    return seal_entries(list(signed.items()), out, recipient)
