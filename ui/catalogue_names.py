"""Catalogue names (diseases, materials) in the window's language, by code."""

from __future__ import annotations

from app.intake.catalogue import CatalogueService


def disease_names(catalogue: CatalogueService) -> dict[str, str]:
    return {d.code: d.name for d in catalogue.diseases()}


def material_names(catalogue: CatalogueService) -> dict[str, str]:
    return {m.code: m.name for m in catalogue.materials().values()}
