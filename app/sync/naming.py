"""What a sync package file is called, wherever one is written."""

from __future__ import annotations

SUFFIX = ".ncmspkg"


def package_file_name(sender: str, recipient: str, *tags: str) -> str:
    """`S001-to-C4105-0007-20261122.ncmspkg`: who, for whom, then what tells one
    package from the next (a sequence, a date); a folder of them sorts well."""
    return "-".join((f"{sender}-to-{recipient}", *tags)) + SUFFIX
