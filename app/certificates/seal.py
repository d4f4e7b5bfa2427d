"""The text in a certificate's QR code: the certificate's data signed by the county.

Anyone holding the county's public key can check a certificate offline, for example
a hospital with a USB QR scanner, which types the text into whatever has focus. So
the text keeps to QR "alphanumeric" characters (A–Z, 0–9 and a few symbols): they
make the densest code, and every keyboard layout types them the same.

    NCMSC1.<base32 body>.<base32 Ed25519 signature>

The body is compact JSON (UTF-8, sorted keys) naming the issuing county, so a
verifier knows which key must have signed it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

if TYPE_CHECKING:
    from app.db.models import Certificate, Person

PREFIX = "NCMSC1"
_TEXT_RE = re.compile(rf"^{PREFIX}\.([A-Z2-7]+)\.([A-Z2-7]+)$")


@dataclass(frozen=True)
class CertificateData:
    """What the code vouches for; the printed certificate shows the same."""

    number: str
    county: str  # the issuing county's code
    name: str
    gender: str  # M | F
    id_number: str
    diseases: tuple[str, ...]  # "HTN:B": disease code and category
    valid_from: date
    valid_until: date | None  # None: permanent
    # Issued by a training county: genuine practice, never a benefit. Only such
    # bodies carry the mark, so every real certificate's text stays as it was.
    training: bool = False

    def to_body(self) -> bytes:
        body: dict[str, Any] = {
            "n": self.number,
            "c": self.county,
            "nm": self.name,
            "g": self.gender,
            "id": self.id_number,
            "d": list(self.diseases),
            "f": self.valid_from.isoformat(),
            "u": self.valid_until.isoformat() if self.valid_until else None,
        }
        if self.training:
            body["t"] = 1
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_body(cls, raw: bytes) -> CertificateData:
        body: dict[str, Any] = json.loads(raw.decode("utf-8"))
        until = body["u"]
        return cls(
            number=str(body["n"]),
            county=str(body["c"]),
            name=str(body["nm"]),
            gender=str(body["g"]),
            id_number=str(body["id"]),
            diseases=tuple(str(d) for d in body["d"]),
            valid_from=date.fromisoformat(body["f"]),
            valid_until=date.fromisoformat(until) if until else None,
            training=bool(body.get("t")),
        )


def certificate_data(
    certificate: Certificate, person: Person, training: bool = False
) -> CertificateData:
    """What the county signs, from the rows it is issuing (saved or not yet)."""
    return CertificateData(
        number=certificate.number,
        county=certificate.county_code,
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        diseases=tuple(f"{d['code']}:{d['category']}" for d in certificate.diseases),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        training=training,
    )


class Verdict(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    TAMPERED = "tampered"  # signature does not match, or the text is damaged
    UNKNOWN_ISSUER = "unknown_issuer"
    # Genuine, but the county ended it: the revocation list held names it (or, at
    # the county, its own register).
    REVOKED = "revoked"


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    data: CertificateData | None = None  # None when the text could not be read
    revoked_on: date | None = None
    # The revocation list the answer rests on (app/certificates/revocations.py):
    # its sequence number and when it was issued; None when none is held. At the
    # county, for its own certificates, the register itself (`live`).
    list_sequence: int | None = None
    list_issued_at: datetime | None = None
    live: bool = False


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def sign_certificate(data: CertificateData, key: Ed25519PrivateKey) -> str:
    body = data.to_body()
    return f"{PREFIX}.{_b32(body)}.{_b32(key.sign(body))}"


def verify_certificate(
    text: str, issuer_key: Callable[[str], bytes | None], today: date
) -> Verification:
    """Check the text a scanner typed. `issuer_key` gives the raw Ed25519 public key
    of a county this installation trusts, or None."""
    # Scanners may append Enter or a tab; some type lower case with Caps Lock on.
    match = _TEXT_RE.match(text.strip().upper())
    if match is None:
        return Verification(Verdict.TAMPERED)
    try:
        body, signature = _unb32(match.group(1)), _unb32(match.group(2))
        data = CertificateData.from_body(body)
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
        return Verification(Verdict.TAMPERED)
    raw_key = issuer_key(data.county)
    if raw_key is None:
        return Verification(Verdict.UNKNOWN_ISSUER, data)
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, body)
    except (InvalidSignature, ValueError):
        return Verification(Verdict.TAMPERED, data)
    if today < data.valid_from:
        return Verification(Verdict.NOT_YET_VALID, data)
    if data.valid_until is not None and today > data.valid_until:
        return Verification(Verdict.EXPIRED, data)
    return Verification(Verdict.VALID, data)
