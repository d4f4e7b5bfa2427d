"""The county's mapping of its catalogue to the national platform's codes: each
hospital's national institution code (定点医药机构编码) and, where the catalogue
ships none, the national outpatient chronic/special disease (门慢门特病种) a disease
is filed as.

Kept on the county's current catalogue rows, audited: only the county's filing
reads them (a station never sends anything to the platform), so the catalogue's
version, which stations follow, does not change with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Disease, Hospital
from app.domain.text import text_problems
from app.domain.workflow import COUNTY_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.national.filing import require_county
from app.security import audit
from app.security.actor import Actor, require_role

# H and eleven digits on the codes seen (H41052300001); the platform checks the rest.
HOSPITAL_CODE = re.compile(r"^[A-Z][0-9A-Z]{5,31}$")
DISEASE_CODE = re.compile(r"^[A-Z]\d{5}$")  # M03900: a letter and five digits
NAME_LIMIT = 100  # Disease.national_name


@dataclass(frozen=True)
class Mapping:
    kind: str  # hospital | disease
    code: str  # the catalogue's
    name: str
    national_code: str  # "" until the county maps it
    national_name: str = ""  # a disease's, as the platform names it


class NationalCodes:
    def __init__(self, db: Database) -> None:
        self.db = db

    def mappings(self) -> list[Mapping]:
        """Every hospital and disease in use, hospitals first, by code."""
        require_county(self.db)
        with self.db.reader() as session:
            hospitals = session.scalars(
                select(Hospital).where(Hospital.active).order_by(Hospital.code)
            )
            found = [Mapping("hospital", h.code, h.name, h.national_code) for h in hospitals]
            diseases = session.scalars(select(Disease).where(Disease.active).order_by(Disease.code))
            found += [
                Mapping("disease", d.code, d.name_zh, d.national_code, d.national_name)
                for d in diseases
            ]
        return found

    def map_hospital(self, actor: Actor, code: str, national_code: str) -> None:
        require_role(actor, COUNTY_ROLES, "national.codes")
        require_county(self.db)
        national_code = national_code.strip().upper()
        if not HOSPITAL_CODE.match(national_code):
            raise ValidationError(
                [Problem("hospital", "national.bad_hospital_code", {"value": national_code})]
            )
        with self.db.session() as session:
            hospital = session.get(Hospital, code.strip())
            if hospital is None:
                raise NcmsError("national.unknown_hospital", code=code)
            before = hospital.national_code
            if before == national_code:
                return
            other = session.scalars(
                select(Hospital.name).where(
                    Hospital.national_code == national_code, Hospital.code != hospital.code
                )
            ).first()
            if other is not None:  # the platform would take two hospitals for one
                raise ValidationError(
                    [
                        Problem(
                            "hospital",
                            "national.hospital_code_taken",
                            {"value": national_code, "other": other},
                        )
                    ]
                )
            hospital.national_code = national_code
            audit.record(
                session,
                actor,
                "national.codes",
                "hospital",
                hospital.code,
                before={"national_code": before},
                after={"national_code": national_code},
            )

    def map_disease(self, actor: Actor, code: str, national_code: str, name: str) -> None:
        require_role(actor, COUNTY_ROLES, "national.codes")
        require_county(self.db)
        national_code, name = national_code.strip().upper(), name.strip()
        problems = []
        if not DISEASE_CODE.match(national_code):
            problems.append(
                Problem("disease", "national.bad_disease_code", {"value": national_code})
            )
        if not name:
            problems.append(Problem("disease", "national.disease_name_needed"))
        problems += text_problems("disease", name, NAME_LIMIT)
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            disease = session.get(Disease, code.strip().upper())
            if disease is None:
                raise NcmsError("national.unknown_disease", code=code)
            before = {
                "national_code": disease.national_code,
                "national_name": disease.national_name,
            }
            after = {"national_code": national_code, "national_name": name}
            if before == after:
                return
            disease.national_code, disease.national_name = national_code, name
            audit.record(
                session,
                actor,
                "national.codes",
                "disease",
                disease.code,
                before=before,
                after=after,
            )
