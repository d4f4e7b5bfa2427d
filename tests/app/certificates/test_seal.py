"""A certificate's QR text verifies offline with the county's public key alone, and
every way it can be wrong says which."""

from __future__ import annotations

import base64
import re
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.certificates.seal import (
    PREFIX,
    CertificateData,
    Verdict,
    sign_certificate,
    verify_certificate,
)

COUNTY = Ed25519PrivateKey.generate()
DATA = CertificateData(
    number="C41052027000001",
    county="C4105",
    name="张秀兰",
    gender="F",
    id_number="410523195003150028",
    diseases=("HTN:B", "DM:B"),
    valid_from=date(2027, 1, 1),
    valid_until=date(2028, 12, 31),
)
DURING = date(2027, 6, 1)


def _keys(code: str) -> bytes | None:
    return COUNTY.public_key().public_bytes_raw() if code == "C4105" else None


def test_a_sealed_certificate_is_valid_and_reads_back_whole() -> None:
    text = sign_certificate(DATA, COUNTY)
    checked = verify_certificate(text, _keys, DURING)
    assert checked.verdict == Verdict.VALID
    assert checked.data == DATA


def test_the_text_is_what_a_keyboard_wedge_scanner_types_the_same_everywhere() -> None:
    text = sign_certificate(DATA, COUNTY)
    # QR alphanumeric characters only: the densest code, no layout-dependent keys.
    assert re.fullmatch(r"[0-9A-Z .:$%*+/-]+", text) and text.startswith(PREFIX + ".")
    # Scanners end with Enter; with Caps Lock on they type lower case.
    assert verify_certificate(f"{text.lower()}\r\n", _keys, DURING).verdict == Verdict.VALID


def test_a_changed_field_is_tampered() -> None:
    text = sign_certificate(DATA, COUNTY)
    _, body, signature = text.split(".")
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    forged = raw.replace(b"2028-12-31", b"2038-12-31")
    assert forged != raw
    forged_body = base64.b32encode(forged).decode().rstrip("=")
    checked = verify_certificate(f"{PREFIX}.{forged_body}.{signature}", _keys, DURING)
    assert checked.verdict == Verdict.TAMPERED


def test_a_seal_by_another_key_is_tampered() -> None:
    text = sign_certificate(DATA, Ed25519PrivateKey.generate())
    assert verify_certificate(text, _keys, DURING).verdict == Verdict.TAMPERED


@pytest.mark.parametrize(
    "text",
    ["", "hello", f"{PREFIX}.", f"{PREFIX}.AAAA.BBBB", f"{PREFIX}.!!!.???", "NCMSC9.AAAA.AAAA"],
)
def test_garbage_is_tampered_not_an_error(text: str) -> None:
    checked = verify_certificate(text, _keys, DURING)
    assert checked.verdict == Verdict.TAMPERED and checked.data is None


def test_one_damaged_character_is_caught() -> None:
    text = sign_certificate(DATA, COUNTY)
    position = len(PREFIX) + 20
    damaged = text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1 :]
    assert verify_certificate(damaged, _keys, DURING).verdict == Verdict.TAMPERED


def test_an_unknown_county_is_named() -> None:
    other = CertificateData(**{**DATA.__dict__, "county": "C9999"})
    checked = verify_certificate(sign_certificate(other, COUNTY), _keys, DURING)
    assert checked.verdict == Verdict.UNKNOWN_ISSUER
    assert checked.data is not None and checked.data.county == "C9999"


def test_validity_period_is_checked() -> None:
    text = sign_certificate(DATA, COUNTY)
    assert verify_certificate(text, _keys, date(2029, 1, 1)).verdict == Verdict.EXPIRED
    assert verify_certificate(text, _keys, date(2028, 12, 31)).verdict == Verdict.VALID
    assert verify_certificate(text, _keys, date(2026, 12, 31)).verdict == Verdict.NOT_YET_VALID
    permanent = CertificateData(**{**DATA.__dict__, "valid_until": None})
    later = verify_certificate(sign_certificate(permanent, COUNTY), _keys, date(2060, 1, 1))
    assert later.verdict == Verdict.VALID
