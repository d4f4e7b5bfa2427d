"""The names under which an installation keeps its key material in the secret store,
and reading the signing key back. Below both `admin` (which creates the keys) and
`sync` (which signs and opens packages with them), so neither imports the other."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.errors import StorageError
from app.security.secrets import SecretStore
from app.security.sync_tokens import STATION_KEY

SIGNING_KEY = "signing_key"
AGE_IDENTITY = "age_identity"
# What a backup carries so that a restored installation can sign and read again.
BACKED_UP_SECRETS = (SIGNING_KEY, AGE_IDENTITY, STATION_KEY)


def signing_key(secrets: SecretStore) -> Ed25519PrivateKey:
    value = secrets.get(SIGNING_KEY)
    if value is None:
        raise StorageError("secrets.key_missing", key=SIGNING_KEY)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(value))
