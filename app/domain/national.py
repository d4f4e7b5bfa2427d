"""What the national medical-security information platform (国家医疗保障信息平台)
knows a person by: the person number on the insurance card (人员编号, `psn_no`) and
the insurance type (险种类型, `insutype`) the benefit is paid from."""

from __future__ import annotations

import re

from app.errors import Problem

# The platform's codes for the two schemes a township's applicants are in; nearly all
# are residents' (the rural cooperative scheme was merged into it).
RESIDENTS, EMPLOYEES = "390", "310"
INSURANCE_TYPES = {RESIDENTS: "城乡居民基本医疗保险", EMPLOYEES: "职工基本医疗保险"}
PSN_NO_LENGTH = 30
_PSN_NO = re.compile(rf"^[0-9A-Z]{{1,{PSN_NO_LENGTH}}}$")
# The diagnosing doctor's code in the platform's register of medical staff (医保医师代码,
# `diag_dr_codg`): a capital letter (D for doctors) and digits on the codes seen; the
# platform checks the code itself, so only its shape is checked here.
DOCTOR_CODE_LENGTH = 20
_DOCTOR_CODE = re.compile(rf"^[A-Z][0-9A-Z]{{1,{DOCTOR_CODE_LENGTH - 1}}}$")


def national_person_problems(psn_no: str, insutype: str) -> list[Problem]:
    """A person number, when given, as the card prints it; a known insurance type."""
    problems = []
    if psn_no and not _PSN_NO.match(psn_no):
        problems.append(
            Problem("psn_no", "person.bad_psn_no", {"value": psn_no, "max": PSN_NO_LENGTH})
        )
    if insutype not in INSURANCE_TYPES:
        problems.append(Problem("insutype", "person.bad_insutype", {"value": insutype}))
    return problems


def doctor_code_problems(doctor_code: str) -> list[Problem]:
    """The diagnosing doctor's national code, when given, as the platform prints it."""
    if doctor_code and not _DOCTOR_CODE.match(doctor_code):
        return [
            Problem(
                "doctor_code",
                "application.bad_doctor_code",
                {"value": doctor_code, "max": DOCTOR_CODE_LENGTH},
            )
        ]
    return []
