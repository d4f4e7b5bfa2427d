"""Refresh the window's translations: `python packaging/translations.py`.

lupdate collects every tr() string from ui/ into resources/translations/*.ts
(existing translations are kept; new strings arrive "unfinished" for Qt Linguist),
then lrelease builds the .qm files the program loads. A test fails when a string
is untranslated or a .qm is older than its .ts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / f"pyside6-{name}")


def main() -> None:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    for language in LANGUAGES:
        ts = ROOT / "resources" / "translations" / f"ncms_{language}.ts"
        subprocess.run(
            [tool("lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", str(ts)],
            check=True,
        )
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    main()
