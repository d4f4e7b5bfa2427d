"""Errors a user can act on. Their text is shown as it is: in the window beside the
field it names, on the command line as one line on stderr. Anything else that escapes
a service is a bug, and the front ends log it and show a generic message instead."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from app.i18n import t


class NcmsError(Exception):
    """Base of every expected failure; renders its message in the current language."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.params)


class NotFound(NcmsError):
    pass


class PermissionDenied(NcmsError):
    pass


class IllegalTransition(NcmsError):
    pass


class AuthenticationFailed(NcmsError):
    pass


class StorageError(NcmsError):
    """The data directory, a blob or a backup is damaged or unusable."""


class DocumentRefused(NcmsError):
    """A captured file that is not stored: empty, too big, corrupt, unknown format."""


class PackageRefused(NcmsError):
    """A sync package that fails a check; nothing of it was applied."""


@dataclass(frozen=True)
class Problem:
    """One problem with one input field; `field` names the form field it belongs to."""

    field: str
    key: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def message(self) -> str:
        return t(self.key, **self.params)

    def __format__(self, spec: str) -> str:
        # Inside another message (a refused package's), rendered when that one is.
        return format(self.message, spec)


class ValidationError(NcmsError):
    """Every problem found in one submission, reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("validation.failed", count=len(problems))

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)

    def fields(self) -> set[str]:
        return {p.field for p in self.problems}
