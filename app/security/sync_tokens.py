"""The token a station shows the county's sync service with every request.

The county issues one per station when it first trusts the station, and keeps it
in its secret store; the station's administrator types it into the station's own
store. Tokens are 160 random bits written as eight groups of four base-32
letters, so they can be read out over the phone; typing them back ignores case,
spaces and dashes. Comparison is constant-time.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from collections.abc import Iterable

from app.errors import Problem, ValidationError
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


def county_key(station: str) -> str:
    return f"{_COUNTY_PREFIX}{station}"


def issue_for_station(store: SecretStore, station: str) -> str:
    """A new token for `station`, replacing any earlier one (which stops working)."""
    token = new_token()
    store.set(county_key(station), token)
    return token


def station_tokens(store: SecretStore, stations: Iterable[str]) -> dict[str, str]:
    """The tokens the county holds for `stations` (those without one are left out)."""
    found = {}
    for code in stations:
        token = store.get(county_key(code))
        if token:
            found[code] = token
    return found


def match(presented: str, tokens: dict[str, str]) -> str | None:
    """The station whose token was presented, or None.

    Every token is compared, in constant time, whatever matches first: how long the
    answer takes says nothing about which station or how many letters were right.
    """
    candidate = presented.strip().encode("ascii", "replace")
    found = None
    for code, token in tokens.items():
        if hmac.compare_digest(candidate, token.encode("ascii")):
            found = code
    return found
