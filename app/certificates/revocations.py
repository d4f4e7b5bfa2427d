"""The county's signed revocation list: what an offline verifier needs to answer
"revoked" for a certificate whose QR seal is genuine.

The seal proves a certificate was issued; it cannot say it was later revoked. So the
county publishes every certificate number it ended early, with the day, signed with
the same Ed25519 key that seals its certificates, under a sequence number that grows
with each change. The list travels in every package to the stations (and as a file,
`ncms certificates revocations --out FILE`, to anyone else who checks certificates);
a station keeps the newest it has seen and refuses an older one, so a stale list on a
USB stick cannot bring a revoked certificate back.

    {"county": "410523", "sequence": 7, "issued_at": "2026-12-07T10:00:00+00:00",
     "revoked": [["410523202600012", "2026-11-30"], ...]}
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Certificate, Installation, RevocationList
from app.db.types import utcnow
from app.errors import NcmsError

# Bounds on what is read before it is parsed: a county revokes a few hundred
# certificates a year, so a million numbers is decades of them.
MAX_BODY_BYTES = 40 * 1024 * 1024
MAX_ENTRIES = 1_000_000
REVOCATIONS_LOCK = "revocations"


@dataclass(frozen=True)
class Revocations:
    county: str
    sequence: int
    issued_at: datetime
    revoked: dict[str, date]  # certificate number → the day it ended

    def to_body(self) -> str:
        return json.dumps(
            {
                "county": self.county,
                "sequence": self.sequence,
                "issued_at": self.issued_at.isoformat(),
                "revoked": [[n, d.isoformat()] for n, d in sorted(self.revoked.items())],
            },
            ensure_ascii=True,
            separators=(",", ":"),
            sort_keys=True,
        )


@dataclass(frozen=True)
class Signed:
    """A list as it travels: its body, exactly as signed, and the signature."""

    body: str
    signature: str  # base64

    def to_record(self) -> dict[str, str]:
        return {"body": self.body, "signature": self.signature}

    @classmethod
    def from_record(cls, record: Any) -> Signed:
        if not isinstance(record, dict):
            raise ValueError("not a revocation list")
        body, signature = record.get("body"), record.get("signature")
        if not isinstance(body, str) or not isinstance(signature, str):
            raise ValueError("not a revocation list")
        if len(body) > MAX_BODY_BYTES or len(signature) > 120:
            raise ValueError("revocation list too large")
        return cls(body, signature)


def sign_list(revocations: Revocations, key: Ed25519PrivateKey) -> Signed:
    body = revocations.to_body()
    return Signed(body, base64.b64encode(key.sign(body.encode())).decode("ascii"))


def read_list(signed: Signed, issuer_key: Callable[[str], bytes | None]) -> Revocations:
    """The list `signed` carries, once its signature is the county's it names
    (`issuer_key`: a trusted county's raw public key, or None). ValueError names
    what is wrong: damaged, from a county not trusted, or not signed by it."""
    try:
        raw = json.loads(signed.body)
        county, sequence = str(raw["county"]), raw["sequence"]
        issued_at = datetime.fromisoformat(raw["issued_at"])
        entries = raw["revoked"]
        if not isinstance(sequence, int) or sequence < 1 or not isinstance(entries, list):
            raise ValueError
        if len(entries) > MAX_ENTRIES or issued_at.tzinfo is None:
            raise ValueError
        revoked = {str(n): date.fromisoformat(d) for n, d in entries}
        signature = base64.b64decode(signed.signature, validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError):
        raise ValueError("damaged") from None
    key = issuer_key(county)
    if key is None:
        raise ValueError("unknown_issuer")
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, signed.body.encode())
    except (InvalidSignature, ValueError):
        raise ValueError("bad_signature") from None
    return Revocations(county, sequence, issued_at, revoked)


def publish(db: Database, key: Ed25519PrivateKey) -> Signed:
    """County: its list as it stands, signed. Published again under the next
    sequence number only when a certificate was ended since the last one."""
    # One publisher at a time among every process on this database (two stations'
    # packages made at once by `ncms serve`): else both could sign the same sequence
    # number over different lists.
    with db.exclusive(REVOCATIONS_LOCK), db.session() as session:
        me = session.execute(select(Installation)).scalar_one()
        revoked = {
            number: on
            for number, on in session.execute(
                select(Certificate.number, Certificate.revoked_on).where(
                    Certificate.county_code == me.code, Certificate.revoked_on.is_not(None)
                )
            )
            if on is not None
        }
        held = session.get(RevocationList, me.code)
        if held is not None and json.loads(held.body)["revoked"] == [
            [n, d.isoformat()] for n, d in sorted(revoked.items())
        ]:
            return Signed(held.body, held.signature)
        sequence = held.sequence + 1 if held is not None else 1
        signed = sign_list(Revocations(me.code, sequence, utcnow(), revoked), key)
        _store(session, me.code, sequence, signed)
        return signed


def keep(session: Session, revocations: Revocations, signed: Signed) -> bool:
    """Station: hold `revocations` (read and checked) if it is newer than the list
    held of its county. False when it is the one held; NcmsError when older.

    Newer is issued later, then of a higher sequence: a county restored from an
    older backup numbers its lists again from where the backup was, and its new
    lists must still replace what the stations hold."""
    held = session.get(RevocationList, revocations.county)
    if held is not None:
        mine = (held.issued_at, held.sequence)
        theirs = (revocations.issued_at, revocations.sequence)
        if mine > theirs:
            raise NcmsError(
                "revocations.older",
                sequence=revocations.sequence,
                held=held.sequence,
                issued=f"{revocations.issued_at.astimezone():%Y-%m-%d %H:%M}",
                held_issued=f"{held.issued_at.astimezone():%Y-%m-%d %H:%M}",
            )
        if mine == theirs:
            if held.body != signed.body:  # one number, one instant, two lists
                raise NcmsError("revocations.conflict", sequence=held.sequence)
            return False
    _store(session, revocations.county, revocations.sequence, signed, revocations.issued_at)
    return True


def held_list(session: Session, county: str) -> Revocations | None:
    """The newest list held of `county` (checked when it was taken)."""
    held = session.get(RevocationList, county)
    if held is None:
        return None
    raw = json.loads(held.body)
    return Revocations(
        county,
        held.sequence,
        held.issued_at,
        {str(n): date.fromisoformat(d) for n, d in raw["revoked"]},
    )


def held_signed(session: Session, county: str) -> Signed | None:
    held = session.get(RevocationList, county)
    return Signed(held.body, held.signature) if held is not None else None


def _store(
    session: Session,
    county: str,
    sequence: int,
    signed: Signed,
    issued_at: datetime | None = None,
) -> None:
    row = session.get(RevocationList, county)
    if row is None:
        row = RevocationList(county_code=county)
        session.add(row)
    row.sequence = sequence
    row.issued_at = issued_at or datetime.fromisoformat(json.loads(signed.body)["issued_at"])
    row.body = signed.body
    row.signature = signed.signature
    session.flush()


def write_list_file(signed: Signed, out: Path) -> None:
    """The list as a file (JSON: body and signature), written whole or not at all."""
    partial = out.with_name(out.name + ".part")
    try:
        partial.write_text(json.dumps(signed.to_record(), ensure_ascii=True), encoding="ascii")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def read_list_file(path: Path) -> Signed:
    """A list file as brought (not yet checked); NcmsError when it is not one."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BODY_BYTES + 4096)
        if len(raw) > MAX_BODY_BYTES + 4000:
            raise ValueError
        return Signed.from_record(json.loads(raw.decode("utf-8")))
    except OSError as err:
        raise NcmsError("revocations.unreadable", path=path, reason=err.strerror or err) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise NcmsError("revocations.damaged") from None
