"""This program's version, as its installed package says (pyproject.toml)."""

from __future__ import annotations

from importlib import metadata


def program_version() -> str:
    try:
        return metadata.version("ncms-chronic")
    except metadata.PackageNotFoundError:
        return "0"
