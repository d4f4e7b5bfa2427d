"""Catalogue names (diseases, materials) in the window's language, by code."""

from __future__ import annotations

from app.i18n import current_language
from app.intake.catalogue import CatalogueService


def disease_names(catalogue: CatalogueService) -> dict[str, str]:
    chinese = current_language() == "zh_CN"
    return {d.code: d.name_zh if chinese else d.name_en for d in catalogue.diseases()}


def material_names(catalogue: CatalogueService) -> dict[str, str]:
    chinese = current_language() == "zh_CN"
    return {m.code: m.name_zh if chinese else m.name_en for m in catalogue.materials().values()}
