"""Reading the disease/hospital catalogue and installing new versions of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CatalogueVersion, Disease, Hospital, Installation, Material
from app.domain.catalogue import HospitalInfo, Rules
from app.domain.names import pinyin_keys
from app.domain.validity import RULES
from app.i18n import current_language

RULES_KEY = "catalogue_rules"


@dataclass(frozen=True)
class DiseaseInfo:
    code: str
    name_zh: str
    name_en: str
    pinyin_initials: str
    required_materials: tuple[str, ...]  # material codes, catalogue order
    category: str = ""
    access_standard: str = ""  # what the committee checks a case of it against
    national_code: str = ""  # at the national platform; "" where the county must map it
    national_name: str = ""

    @property
    def name(self) -> str:
        """In the language of the window and the messages."""
        return self.name_zh if current_language() == "zh_CN" else self.name_en


@dataclass(frozen=True)
class MaterialInfo:
    code: str
    name_zh: str
    name_en: str
    document_kind: str  # the kind a captured document of this material is

    @property
    def name(self) -> str:
        """In the language of the window and the messages."""
        return self.name_zh if current_language() == "zh_CN" else self.name_en


def bundled_catalogue() -> dict[str, Any]:
    text = resources.files("resources").joinpath("catalogue", "catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def install_catalogue(session: Session, data: dict[str, Any]) -> bool:
    """Make `data` the current catalogue; False if that version is already here."""
    version = data["version"]
    if session.get(CatalogueVersion, version) is not None:
        return False
    session.execute(update(CatalogueVersion).values(current=False))
    session.add(
        CatalogueVersion(
            version=version,
            issued_on=date.fromisoformat(data["issued_on"]),
            issued_by=data["issued_by"],
            current=True,
        )
    )
    session.flush()
    for item in data["materials"]:
        session.merge(Material(catalogue_version=version, **item))
    for item in data["diseases"]:
        if item["validity_rule"] not in RULES:
            raise ValueError(f"disease {item['code']}: unknown validity rule")
        _, initials = pinyin_keys(item["name_zh"])
        session.merge(
            Disease(catalogue_version=version, pinyin_initials=initials, active=True, **item)
        )
    for item in data["hospitals"]:
        session.merge(Hospital(catalogue_version=version, active=True, **item))
    return True


def catalogue_document(session: Session) -> dict[str, Any]:
    """The current catalogue in the bundled file's shape, for a county to send."""
    current = session.scalars(select(CatalogueVersion).where(CatalogueVersion.current)).one()
    installation = session.scalars(select(Installation)).one()

    def rows(model: Any, skip: set[str]) -> list[dict[str, Any]]:
        found = session.scalars(
            select(model).where(model.catalogue_version == current.version, *_active(model))
        )
        return [
            {c.key: getattr(r, c.key) for c in model.__table__.columns if c.key not in skip}
            for r in found
        ]

    local = {"catalogue_version", "active", "pinyin_initials"}
    return {
        "version": current.version,
        "issued_on": current.issued_on.isoformat(),
        "issued_by": current.issued_by,
        "rules": installation.settings.get(RULES_KEY, {}),
        "materials": rows(Material, local),
        "diseases": rows(Disease, local),
        "hospitals": rows(Hospital, local),
    }


def _active(model: Any) -> list[Any]:
    return [model.active] if hasattr(model, "active") else []


def rules_in(settings: dict[str, Any]) -> Rules:
    """The catalogue's rules as an installation's settings keep them."""
    return Rules.from_dict(settings.get(RULES_KEY, {}))


class CatalogueService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def rules(self) -> Rules:
        return rules_in(self.db.installation().settings)

    def diseases(self) -> list[DiseaseInfo]:
        with self.db.reader() as session:
            found = session.scalars(select(Disease).where(Disease.active).order_by(Disease.code))
            return [disease_info(d) for d in found]

    def hospitals(self) -> list[HospitalInfo]:
        with self.db.reader() as session:
            found = session.scalars(select(Hospital).where(Hospital.active).order_by(Hospital.code))
            return [hospital_info(h) for h in found]

    def materials(self) -> dict[str, MaterialInfo]:
        with self.db.reader() as session:
            return {
                m.code: MaterialInfo(m.code, m.name_zh, m.name_en, m.document_kind)
                for m in session.scalars(select(Material))
            }

    def search_diseases(self, text: str) -> list[DiseaseInfo]:
        """Match the picker's text against Chinese name, pinyin initials or code."""
        needle = text.strip().lower()
        if not needle:
            return self.diseases()
        return [
            d
            for d in self.diseases()
            if needle in d.name_zh
            or d.pinyin_initials.startswith(needle)
            or d.code.lower().startswith(needle)
            or needle in d.name_en.lower()
        ]


def disease_info(disease: Disease) -> DiseaseInfo:
    return DiseaseInfo(
        disease.code,
        disease.name_zh,
        disease.name_en,
        disease.pinyin_initials,
        tuple(disease.required_materials),
        disease.category,
        disease.access_standard,
        disease.national_code,
        disease.national_name,
    )


def hospital_info(hospital: Hospital) -> HospitalInfo:
    return HospitalInfo(
        hospital.code,
        hospital.name,
        hospital.level,
        hospital.public,
        hospital.designated,
        hospital.national_code,
    )
