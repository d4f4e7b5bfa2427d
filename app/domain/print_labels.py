"""How printed forms and sheets write a person's sex, an application's kind, a
hospital's level and a certified disease, so the certificate, the notices, the lists
and the committee's sheet all say it the same way."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.vocabulary import ApplicationKind, Outcome

GENDER_ZH = {"M": "男", "F": "女"}
KIND_ZH: dict[str, str] = {ApplicationKind.NEW: "新申请", ApplicationKind.RENEWAL: "复审"}
# The levels of app.domain.catalogue.HOSPITAL_LEVELS.
# The committee's outcomes as the sheet's drop-down and the minutes write them.
OUTCOME_ZH: dict[str, str] = {
    Outcome.APPROVED: "通过",
    Outcome.REJECTED: "不通过",
    Outcome.EXAM_REQUIRED: "需体检",
    Outcome.SUPPLEMENT_REQUESTED: "需补充材料",
}
LEVEL_ZH = {"township": "乡镇级", "county": "县级", "municipal": "市级", "provincial": "省级"}


def gender_zh(code: str) -> str:
    return GENDER_ZH.get(code, code)


def kind_zh(kind: str) -> str:
    return KIND_ZH.get(kind, kind)


def level_zh(level: str) -> str:
    return LEVEL_ZH.get(level, level)


def outcome_zh(outcome: str) -> str:
    return OUTCOME_ZH.get(outcome, outcome)


def disease_label(name: str, category: str) -> str:
    """高血压病（B类）"""
    return f"{name}（{category}类）"


def diseases_label(diseases: Iterable[tuple[str, str]]) -> str:
    """(name, category) pairs: 高血压病（B类）；糖尿病（B类）"""
    return "；".join(disease_label(name, category) for name, category in diseases)
