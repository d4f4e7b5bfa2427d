"""The public identity file exchanged once between a station and its county
(`ncms keys export` / `ncms peers add`): who, which role, the Ed25519 key that
signs their packages and the age recipient packages for them are encrypted to."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

import pyrage

from app.domain.vocabulary import InstallationRole
from app.errors import NcmsError

FORMAT = "ncms-identity"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class PublicIdentity:
    role: str  # station | county
    code: str
    name: str
    county_code: str
    signing_public_key: str  # base64 of the raw 32-byte Ed25519 key
    age_recipient: str

    @property
    def fingerprint(self) -> str:
        """Short form to read out over the phone when the files are exchanged."""
        digest = hashlib.sha256(base64.b64decode(self.signing_public_key)).hexdigest()[:16]
        return " ".join(digest[i : i + 4] for i in range(0, 16, 4))

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                **asdict(self),
                "fingerprint": self.fingerprint,
            },
            ensure_ascii=False,
            indent=1,
        )


def parse_identity(raw: bytes, source: str) -> PublicIdentity:
    """Read an identity file, refusing anything that is not a sound one."""
    if len(raw) > MAX_FILE_BYTES:
        raise NcmsError("identity.invalid", file=source, reason="too large")
    try:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise NcmsError("identity.invalid", file=source, reason="not JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NcmsError("identity.invalid", file=source, reason="not an identity file")
    if data.get("format_version", 0) > FORMAT_VERSION:
        raise NcmsError("identity.newer", file=source)
    fields = ("role", "code", "name", "county_code", "signing_public_key", "age_recipient")
    if not all(isinstance(data.get(f), str) and data[f] for f in fields):
        raise NcmsError("identity.invalid", file=source, reason="a field is missing")
    identity = PublicIdentity(**{f: data[f] for f in fields})
    if identity.role not in tuple(InstallationRole):
        raise NcmsError("identity.invalid", file=source, reason=f"role {identity.role}")
    try:
        key = base64.b64decode(identity.signing_public_key, validate=True)
    except binascii.Error:
        key = b""
    if len(key) != 32:
        raise NcmsError("identity.invalid", file=source, reason="bad signing key")
    try:
        pyrage.x25519.Recipient.from_str(identity.age_recipient)
    except (pyrage.RecipientError, ValueError):
        raise NcmsError("identity.invalid", file=source, reason="bad age recipient") from None
    if "fingerprint" in data and data["fingerprint"] != identity.fingerprint:
        raise NcmsError("identity.invalid", file=source, reason="fingerprint does not match")
    return identity
