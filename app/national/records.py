"""The national platform's records, built from what the county holds: one
registration (transaction 2503, 人员慢特病备案) per person and disease of a certificate
in effect, and one revocation (2504, 人员慢特病备案撤销) per registration the platform
answered whose certificate has since ended early.

Field names and order are the platform's. A record with a required field empty is
held back with the fields it lacks, never sent half-empty: the platform refuses it,
and then it is the county's to find out why.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

REGISTRATION, REVOCATION = "2503", "2504"
REGISTRATION_FIELDS = (
    "psn_no",
    "insutype",
    "opsp_dise_code",
    "opsp_dise_name",
    "tel",
    "addr",
    "insu_optins",
    "ide_fixmedins_no",
    "ide_fixmedins_name",
    "hosp_ide_date",
    "diag_dr_codg",
    "diag_dr_name",
    "begndate",
    "enddate",
)
# A phone and an address help the platform's staff but are not what it registers; a
# permanent certificate has no end date.
OPTIONAL_FIELDS = frozenset({"tel", "addr", "enddate"})
REVOCATION_FIELDS = ("psn_no", "trt_dcla_detl_sn", "memo")
# What the county's staff read in the workbook and in the list of what is missing.
LABELS = {
    "psn_no": "人员编号",
    "insutype": "险种类型",
    "opsp_dise_code": "门慢门特病种目录代码",
    "opsp_dise_name": "门慢门特病种名称",
    "tel": "联系电话",
    "addr": "联系地址",
    "insu_optins": "参保机构医保区划",
    "ide_fixmedins_no": "鉴定定点医药机构编号",
    "ide_fixmedins_name": "鉴定定点医药机构名称",
    "hosp_ide_date": "医院鉴定日期",
    "diag_dr_codg": "诊断医师编码",
    "diag_dr_name": "诊断医师姓名",
    "begndate": "开始日期",
    "enddate": "结束日期",
    "trt_dcla_detl_sn": "待遇申报明细流水号",
    "memo": "备注",
}
# The county's area in the platform's division codes (医保区划, GB/T 2260): six digits.
AREA_SETTING = "national_area"
AREA = re.compile(r"^\d{6}$")
MEMO_LIMIT = 200


def platform_date(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


@dataclass(frozen=True)
class Holder:
    """Whose record it is, as the county's staff look it up: not sent to the platform."""

    certificate_id: uuid.UUID
    number: str  # the certificate's
    name: str
    station: str
    disease_code: str
    disease_name: str
    application_number: str = ""  # the file, where what it lacks is completed


@dataclass(frozen=True)
class Registration:
    holder: Holder
    data: Mapping[str, str]  # REGISTRATION_FIELDS, in order
    # One of the cross-province direct-settlement pilot's five diseases (跨省直接结算).
    cross_province: bool
    # Another registration of the same person and national disease is out and not yet
    # answered: this one waits, as the reply could not tell the two apart.
    waits: bool = False

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(
            f for f in REGISTRATION_FIELDS if f not in OPTIONAL_FIELDS and not self.data[f]
        )

    @property
    def sendable(self) -> bool:
        return not self.missing and not self.waits


@dataclass(frozen=True)
class Revocation:
    holder: Holder
    filing_id: uuid.UUID
    revoked_on: date
    data: Mapping[str, str]  # REVOCATION_FIELDS, in order

    @property
    def missing(self) -> tuple[str, ...]:
        # A registration sent and never answered has no serial to revoke yet.
        return tuple(f for f in ("psn_no", "trt_dcla_detl_sn") if not self.data[f])


def registration_data(
    *,
    psn_no: str,
    insutype: str,
    national_code: str,
    national_name: str,
    phone: str,
    address: str,
    area: str,
    hospital_national_code: str,
    hospital_name: str,
    diagnosed_on: date | None,
    doctor_code: str,
    doctor_name: str,
    valid_from: date,
    valid_until: date | None,
) -> dict[str, str]:
    """A 2503 `data` object. The hospital's name goes only with its national code:
    the platform knows an institution by the code, and a name alone would pass the
    required-field check while naming nothing it can find."""
    data = {
        "psn_no": psn_no,
        "insutype": insutype,
        "opsp_dise_code": national_code,
        "opsp_dise_name": national_name if national_code else "",
        "tel": phone,
        "addr": address,
        "insu_optins": area,
        "ide_fixmedins_no": hospital_national_code,
        "ide_fixmedins_name": hospital_name if hospital_national_code else "",
        "hosp_ide_date": platform_date(diagnosed_on),
        "diag_dr_codg": doctor_code,
        "diag_dr_name": doctor_name,
        "begndate": platform_date(valid_from),
        "enddate": platform_date(valid_until),
    }
    return {f: data[f].strip() for f in REGISTRATION_FIELDS}


def revocation_data(psn_no: str, serial: str, reason: str) -> dict[str, str]:
    return {"psn_no": psn_no, "trt_dcla_detl_sn": serial, "memo": reason.strip()[:MEMO_LIMIT]}
