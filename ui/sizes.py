"""A file's size as the clerk reads it: KB below a megabyte, so 38 KB is not "0.0 MB"."""

from __future__ import annotations

from app.blobs.intake import MB


def size_text(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(n, 0) / 1024:.0f} KB"
