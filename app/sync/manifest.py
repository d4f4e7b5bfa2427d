"""The manifest of a sync package: who sent it to whom, what it holds, and the hash
and size of every entry. It is the part the sender signs, so every other byte of the
payload is bound to the sender's key through it."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.errors import PackageRefused

FORMAT = "ncms-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_DATA_NAME = re.compile(r"^data/[a-z_]{1,40}\.jsonl$")
_BLOB_NAME = re.compile(r"^blobs/[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)  # a large package lists tens of thousands
class Entry:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    package_id: uuid.UUID
    sequence: int
    created_at: datetime
    sender: str
    sender_role: str  # station | county
    recipient: str
    program_version: str
    catalogue_version: str
    audit_head: str
    audit_count: int
    counts: dict[str, int] = field(default_factory=dict)  # records per data file
    entries: tuple[Entry, ...] = ()

    def to_bytes(self) -> bytes:
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "package_id": str(self.package_id),
            "sequence": self.sequence,
            "created_at": self.created_at.isoformat(),
            "sender": self.sender,
            "sender_role": self.sender_role,
            "recipient": self.recipient,
            "program_version": self.program_version,
            "catalogue_version": self.catalogue_version,
            "audit_head": self.audit_head,
            "audit_count": self.audit_count,
            "counts": self.counts,
            "entry_count": len(self.entries),
            "entries": [[e.name, e.sha256, e.size] for e in self.entries],
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        """Parse and shape-check; the signature is checked by the caller."""
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise PackageRefused("package.bad_manifest", reason="not JSON") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise PackageRefused("package.bad_manifest", reason="not a package manifest")
        version = body.get("format_version")
        if not isinstance(version, int):
            raise PackageRefused("package.bad_manifest", reason="no format version")
        if version > FORMAT_VERSION:
            raise PackageRefused("package.newer_format", version=version)
        try:
            return cls._parse(body)
        except (KeyError, TypeError, ValueError) as err:
            raise PackageRefused("package.bad_manifest", reason=str(err) or "a field") from None

    @classmethod
    def _parse(cls, body: dict[str, Any]) -> Manifest:
        entries = tuple(Entry(str(n), str(h), int(s)) for n, h, s in body["entries"])
        if body["entry_count"] != len(entries):
            raise ValueError("entry count does not match the entries listed")
        for entry in entries:
            if not _DIGEST.match(entry.sha256) or entry.size < 0:
                raise ValueError(f"entry {entry.name}")
        counts = {str(k): int(v) for k, v in dict(body["counts"]).items()}
        created = datetime.fromisoformat(body["created_at"])
        if created.tzinfo is None:
            raise ValueError("created_at has no time zone")
        texts = ("sender", "sender_role", "recipient", "program_version", "catalogue_version")
        for name in texts:
            if not isinstance(body[name], str):
                raise ValueError(name)
        if not isinstance(body["audit_head"], str) or not isinstance(body["audit_count"], int):
            raise ValueError("audit head")
        if not isinstance(body["sequence"], int) or body["sequence"] < 1:
            raise ValueError("sequence")
        return cls(
            package_id=uuid.UUID(body["package_id"]),
            sequence=body["sequence"],
            created_at=created,
            sender=body["sender"],
            sender_role=body["sender_role"],
            recipient=body["recipient"],
            program_version=body["program_version"],
            catalogue_version=body["catalogue_version"],
            audit_head=body["audit_head"],
            audit_count=body["audit_count"],
            counts=counts,
            entries=entries,
        )


def check_entry_name(name: str) -> None:
    """Refuse a ZIP entry name that could escape a directory or is not ours."""
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in name.split("/")
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise PackageRefused("package.unsafe_name", name=name)
    if name in (MANIFEST, SIGNATURE) or _DATA_NAME.match(name) or _BLOB_NAME.match(name):
        return
    raise PackageRefused("package.unexpected_entry", name=name)
