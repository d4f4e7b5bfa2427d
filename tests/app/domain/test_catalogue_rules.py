from __future__ import annotations

from app.domain.catalogue import (
    HospitalInfo,
    Rules,
    disease_count_problems,
    hospital_problems,
    missing_items,
    required_materials,
)
from app.intake.catalogue import bundled_catalogue

RULES = Rules()


def test_bundled_catalogue_has_what_the_sources_require() -> None:
    data = bundled_catalogue()
    diseases = data["diseases"]
    assert len(diseases) >= 15
    fields = {
        "code",
        "name_zh",
        "name_en",
        "category",
        "validity_rule",
        "required_materials",
        "cross_province",
        "access_standard",
    }
    assert all(fields <= set(d) for d in diseases)
    cross = {d["code"] for d in diseases if d["cross_province"]}
    assert cross == {"HTN", "DM", "MT", "URD", "OTX"}  # the five cross-province diseases
    materials = {m["code"] for m in data["materials"]}
    assert all(set(d["required_materials"]) <= materials for d in diseases)
    levels = {h["level"] for h in data["hospitals"]}
    assert levels == {"township", "county", "municipal", "provincial"}
    assert data["version"]


def test_township_and_private_hospitals_are_refused_with_each_reason() -> None:
    assert hospital_problems(HospitalInfo("H1", "县人民医院", "county", True), RULES) == []
    assert hospital_problems(HospitalInfo("H2", "省医院", "provincial", True), RULES) == []
    (low,) = hospital_problems(HospitalInfo("H3", "镇卫生院", "township", True), RULES)
    assert "county level or above" in low.message
    (private,) = hospital_problems(HospitalInfo("H4", "仁和医院", "county", False), RULES)
    assert "not a public institution" in private.message
    both = hospital_problems(HospitalInfo("H5", "私人诊所", "township", False), RULES)
    assert len(both) == 2 and {p.field for p in both} == {"hospital"}


def test_at_most_two_diseases() -> None:
    assert disease_count_problems(["HTN", "DM"], RULES) == []
    (too_many,) = disease_count_problems(["HTN", "DM", "CHD"], RULES)
    assert "at most 2" in too_many.message
    assert disease_count_problems([], RULES)[0].key == "disease.none"
    assert disease_count_problems(["HTN", "HTN"], RULES)[0].key == "disease.repeated"


def test_checklist_is_the_union_and_missing_list_comes_from_it() -> None:
    needed = required_materials(
        [["photo", "id_card_front", "exam_report"], ["photo", "pathology_report"]]
    )
    assert needed == ["photo", "id_card_front", "exam_report", "pathology_report"]
    items = missing_items(
        needed,
        {
            "photo": ("provided", ""),
            "exam_report": ("insufficient", "超过一个月"),
            "pathology_report": ("pending", ""),
        },
    )
    assert [(m.material_code, m.status) for m in items] == [
        ("id_card_front", "missing"),
        ("exam_report", "insufficient"),
        ("pathology_report", "missing"),
    ]
    assert items[1].reason == "超过一个月"
