"""How printed forms write a person's sex and a certified disease, so the
certificate, the notices and the lists all say it the same way."""

from __future__ import annotations

from collections.abc import Iterable

GENDER_ZH = {"M": "男", "F": "女"}


def gender_zh(code: str) -> str:
    return GENDER_ZH.get(code, code)


def disease_label(name: str, category: str) -> str:
    """高血压病（B类）"""
    return f"{name}（{category}类）"


def diseases_label(diseases: Iterable[tuple[str, str]]) -> str:
    """(name, category) pairs: 高血压病（B类）；糖尿病（B类）"""
    return "；".join(disease_label(name, category) for name, category in diseases)
