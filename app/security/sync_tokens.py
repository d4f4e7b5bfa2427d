"""The token a station shows the county's sync service with every request.

The county issues one per station when it first trusts the station and shows it
once; it keeps only the token's SHA-256 digest, in the station's peer row. The
station's administrator types the token into the station's own secret store.
Tokens are 160 random bits written as eight groups of four base-32 letters, so
they can be read out over the phone; typing them back ignores case, spaces and
dashes. Comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from app.errors import NcmsError, Problem, ValidationError
from app.security.secrets import SecretStore

STATION_KEY = "sync_token"
_COUNTY_PREFIX = "sync_token:"
_SHAPE = re.compile(r"^[A-Z2-7]{32}$")


def new_token() -> str:
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise(typed: str) -> str:
    """The canonical form of a token as typed; ValidationError if it cannot be one."""
    letters = re.sub(r"[\s-]", "", typed).upper()
    if not _SHAPE.match(letters):
        raise ValidationError([Problem("token", "sync.token_invalid")])
    return "-".join(letters[i : i + 4] for i in range(0, 32, 4))


def stored(secrets: SecretStore) -> str:
    """The station's own token, as its administrator entered it (NcmsError
    `sync.no_token` while none has been)."""
    token = secrets.get(STATION_KEY)
    if not token:
        raise NcmsError("sync.no_token")
    return token


def county_key(station: str) -> str:
    """Where an earlier release kept a station's whole token in the county's secret
    store; read once more to turn it into a digest, then removed."""
    return f"{_COUNTY_PREFIX}{station}"


def digest(token: str) -> str:
    """What the county keeps of a token. A plain SHA-256 is enough: 160 random bits
    cannot be guessed from their digest, so a slow password hash would only make
    every request slow (it did: decrypting stored tokens took a second each)."""
    return hashlib.sha256(token.strip().encode("utf-8", "replace")).hexdigest()


def match(presented: str, digests: dict[str, str]) -> str | None:
    """The station whose token was presented, or None; `digests` maps station
    codes to `digest(token)`.

    Every digest is compared, in constant time, whatever matches first: how long the
    answer takes says nothing about which station or how many letters were right.
    """
    candidate = digest(presented).encode("ascii")
    found = None
    for code, known in digests.items():
        if hmac.compare_digest(candidate, known.encode("ascii")):
            found = code
    return found
