"""What the window reads of the catalogue: plain frozen copies, not rows."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from app.db.database import Database
from app.domain.catalogue import HospitalInfo
from app.intake.catalogue import CatalogueService, DiseaseInfo, MaterialInfo


def test_diseases_hospitals_and_materials_are_plain_values(sqlite_db: Database) -> None:
    catalogue = CatalogueService(sqlite_db)
    diseases = catalogue.diseases()
    assert diseases and all(type(d) is DiseaseInfo for d in diseases)
    assert [d.code for d in diseases] == sorted(d.code for d in diseases)
    htn = next(d for d in diseases if d.code == "HTN")
    assert htn.name_zh.startswith("高血压病") and "photo" in htn.required_materials
    with pytest.raises(FrozenInstanceError):
        htn.code = "X"  # type: ignore[misc]
    hospitals = catalogue.hospitals()
    assert hospitals and all(type(h) is HospitalInfo for h in hospitals)
    materials = catalogue.materials()
    assert type(materials["photo"]) is MaterialInfo
    assert materials["photo"].document_kind == "photo"


def test_disease_search_matches_name_initials_or_code(sqlite_db: Database) -> None:
    catalogue = CatalogueService(sqlite_db)
    for text in ("高血压", "gxy", "htn", " HT "):
        assert "HTN" in [d.code for d in catalogue.search_diseases(text)], text
    assert catalogue.search_diseases("") == catalogue.diseases()
