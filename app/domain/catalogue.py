"""The catalogue's rules: which hospital counts, which materials an application
needs.

The catalogue is data, versioned and replaceable by the county; this module holds
only the rules that read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.vocabulary import ChecklistStatus
from app.errors import Problem
from app.i18n import Term

HOSPITAL_LEVELS = ("township", "county", "municipal", "provincial")


@dataclass(frozen=True)
class Rules:
    quarter_cutoff_day: int = 15
    max_diseases: int = 2
    min_hospital_level: str = "county"
    require_public_hospital: bool = True
    # Days a rejected applicant has to ask for reconsideration (行政复议: 60 days).
    appeal_days: int = 60

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rules:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass(frozen=True)
class HospitalInfo:
    code: str
    name: str
    level: str
    public: bool
    designated: bool = False  # may hold the committee's physical examinations
    national_code: str = ""  # at the national platform; the county's to fill in


def hospital_problems(hospital: HospitalInfo, rules: Rules) -> list[Problem]:
    """Seed rule: medical records must come from a public institution at county
    level or above. Each reason is reported, so the clerk can explain the refusal."""
    problems = []
    if HOSPITAL_LEVELS.index(hospital.level) < HOSPITAL_LEVELS.index(rules.min_hospital_level):
        problems.append(
            Problem(
                "hospital",
                "hospital.level_too_low",
                {"hospital": hospital.name, "level": Term(f"level.{hospital.level}")},
            )
        )
    if rules.require_public_hospital and not hospital.public:
        problems.append(Problem("hospital", "hospital.not_public", {"hospital": hospital.name}))
    return problems


def disease_count_problems(codes: list[str], rules: Rules) -> list[Problem]:
    if not codes:
        return [Problem("diseases", "disease.none")]
    if len(set(codes)) != len(codes):
        return [Problem("diseases", "disease.repeated")]
    if len(codes) > rules.max_diseases:
        return [
            Problem(
                "diseases", "disease.too_many", {"count": len(codes), "max": rules.max_diseases}
            )
        ]
    return []


def required_materials(per_disease: Sequence[Sequence[str]]) -> list[str]:
    """Union of the diseases' checklists, in catalogue order, each item once."""
    seen: dict[str, None] = {}
    for materials in per_disease:
        for code in materials:
            seen.setdefault(code, None)
    return list(seen)


@dataclass(frozen=True)
class MissingItem:
    material_code: str
    status: str  # missing | insufficient | pending
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"material": self.material_code, "status": self.status, "reason": self.reason}


def missing_items(required: list[str], checklist: dict[str, tuple[str, str]]) -> list[MissingItem]:
    """Everything not provided, for the one-time notice (一次性告知书).

    `checklist` maps material code → (status, reason); a required material with
    no entry counts as missing.
    """
    result = []
    for code in required:
        status, reason = checklist.get(code, (ChecklistStatus.MISSING, ""))
        if status != ChecklistStatus.PROVIDED:
            result.append(
                MissingItem(
                    code,
                    ChecklistStatus.MISSING if status == ChecklistStatus.PENDING else status,
                    reason,
                )
            )
    return result
