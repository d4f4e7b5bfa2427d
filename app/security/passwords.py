"""Password hashing with Argon2id.

Parameters are RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes), above
OWASP's minimum (19 MiB, 2 passes, 1 lane) and still under a second on an old
station PC. Hashes made with older parameters are upgraded at the next login.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import Problem, ValidationError

HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, type=Type.ID)
MIN_LENGTH = 8


def check_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError([Problem(field, "password.too_short", {"min": MIN_LENGTH})])
    if len(set(password)) < 3:
        raise ValidationError([Problem(field, "password.too_simple")])


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
