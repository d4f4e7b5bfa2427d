"""Each disease of the bundled catalogue carries the national platform's outpatient
chronic/special disease (门诊慢特病) it is filed as, where the definitions agree; where
they do not, the code is left empty for the county to map, never guessed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.db.database import Database
from app.db.migrate import upgrade
from app.intake.catalogue import CatalogueService, bundled_catalogue, catalogue_document
from tests.old_schema import database_at

# Checked against each definition shipped (name_zh, access standard).
MAPPED = {
    "HTN": ("M03900", "高血压病"),
    "DM": ("M01600", "糖尿病"),
    "CHD": ("M04600", "冠心病"),
    "MT": ("M00503", "恶性肿瘤放化疗"),
    "PD": ("M02300", "帕金森病"),
    "STR": ("M04803", "脑血管疾病后遗症"),  # a stroke's sequelae are a cerebrovascular one's
    "RA": ("M06900", "类风湿关节炎"),
    "SLE": ("M07101", "系统性红斑狼疮"),
    "OTX": ("M08300", "器官移植抗排异治疗"),
}
# Ours is wider or other than the nearest national one, or has no code given here:
# COPD is defined as chronic bronchitis / bronchial asthma, not COPD (M05300); CKD
# takes chronic nephritis too, not only renal insufficiency (M07800); TB is any
# tuberculosis, not only active pulmonary (M00105).
COUNTY_MAPS = {"CHEP", "COPD", "CKD", "URD", "SMI", "TB", "AA", "EP"}


def test_the_bundled_catalogue_maps_what_agrees_and_leaves_the_rest_to_the_county() -> None:
    diseases = {d["code"]: d for d in bundled_catalogue()["diseases"]}
    assert set(diseases) == set(MAPPED) | COUNTY_MAPS
    for code, national in MAPPED.items():
        assert (diseases[code]["national_code"], diseases[code]["national_name"]) == national
    for code in COUNTY_MAPS:
        assert (diseases[code]["national_code"], diseases[code]["national_name"]) == ("", "")
    assert all(h["national_code"] == "" for h in bundled_catalogue()["hospitals"])


def test_the_codes_reach_the_window_and_the_catalogue_a_county_sends(db: Database) -> None:
    found = {d.code: (d.national_code, d.national_name) for d in CatalogueService(db).diseases()}
    assert found["HTN"] == ("M03900", "高血压病") and found["COPD"] == ("", "")
    with db.reader() as session:
        sent = {d["code"]: d["national_code"] for d in catalogue_document(session)["diseases"]}
    assert sent["DM"] == "M01600"


def test_a_database_made_before_gets_the_codes_of_the_diseases_it_shares(tmp_path: Path) -> None:
    disease = (
        "INSERT INTO disease (code, name_zh, name_en, pinyin_initials, category, "
        "validity_rule, required_materials, cross_province, access_standard, "
        "active, catalogue_version) VALUES (:code, :name, '', '', 'B', 'years', "
        "'[]', 0, '', 1, 'old')"
    )
    engine = database_at(
        tmp_path / "x.sqlite3",
        "0012",
        "INSERT INTO catalogue_version (version, issued_on, issued_by, current, "
        "loaded_at) VALUES ('old', '2026-01-01', 'x', 1, '2026-01-01 00:00:00')",
        (disease, {"code": "HTN", "name": "高血压病（Ⅱ、Ⅲ期）"}),
        (disease, {"code": "DM", "name": "本县自定的糖尿病"}),
    )
    upgrade(engine)
    with engine.connect() as connection:
        codes = dict(connection.execute(text("SELECT code, national_code FROM disease")).all())
    engine.dispose()
    # A county's own disease under one of our codes is not taken for ours.
    assert codes == {"HTN": "M03900", "DM": ""}
