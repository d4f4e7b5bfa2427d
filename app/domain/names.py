"""Applicant names and their pinyin, for typing-friendly search at the counter."""

from __future__ import annotations

import re

from app.errors import Problem, ValidationError

# Han characters, plus the middle dot of minority names (e.g. 阿依古丽·买买提).
_NAME_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•]{2,20}$|^[A-Za-z][A-Za-z .·-]{1,49}$")


def clean_name(raw: str, field: str = "name") -> str:
    name = (raw or "").strip().replace(" ", "") if _is_han(raw) else (raw or "").strip()
    if not name:
        raise ValidationError([Problem(field, "name.empty")])
    if not _NAME_RE.match(name):
        raise ValidationError([Problem(field, "name.invalid", {"name": name})])
    return name


def _is_han(text: str | None) -> bool:
    return bool(text) and any("\u3400" <= ch <= "\u9fff" for ch in text or "")


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin without tones and the initials, both lower-case, no separators.

    张三丰 → ("zhangsanfeng", "zsf"). Non-Han characters pass through as they are.
    """
    # Imported here: its dictionaries take ~60 MB, which a sync or backup
    # command has no use for.
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore")]
    letters = [s[:1] for s in syllables if s]
    full = "".join(syllables)
    return full, "".join(letters)
