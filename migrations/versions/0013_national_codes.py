"""The national medical-security platform's codes: per disease its outpatient
chronic/special disease code and name (门诊慢特病病种), per hospital its institution
code. A disease of the bundled catalogue whose definition is the national one's gets
its code here too, in a database made before; the others, and hospitals, stay empty
for the county to map.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (our code, our Chinese name, national code, national name): matched on both, so a
# county's own disease under one of these codes is left alone. As in the bundled
# catalogue (resources/catalogue/catalogue.json) of this release.
_MAPPED = (
    ("HTN", "高血压病（Ⅱ、Ⅲ期）", "M03900", "高血压病"),
    ("DM", "糖尿病", "M01600", "糖尿病"),
    ("CHD", "冠心病", "M04600", "冠心病"),
    ("MT", "恶性肿瘤门诊放化疗", "M00503", "恶性肿瘤放化疗"),
    ("PD", "帕金森病", "M02300", "帕金森病"),
    ("STR", "脑卒中后遗症", "M04803", "脑血管疾病后遗症"),
    ("RA", "类风湿性关节炎", "M06900", "类风湿关节炎"),
    ("SLE", "系统性红斑狼疮", "M07101", "系统性红斑狼疮"),
    ("OTX", "器官移植术后抗排异治疗", "M08300", "器官移植抗排异治疗"),
)


def upgrade() -> None:
    op.add_column(
        "disease", sa.Column("national_code", sa.String(16), nullable=False, server_default="")
    )
    op.add_column(
        "disease", sa.Column("national_name", sa.String(100), nullable=False, server_default="")
    )
    op.add_column(
        "hospital", sa.Column("national_code", sa.String(32), nullable=False, server_default="")
    )
    disease = sa.table(
        "disease",
        sa.column("code", sa.String),
        sa.column("name_zh", sa.String),
        sa.column("national_code", sa.String),
        sa.column("national_name", sa.String),
    )
    for code, name_zh, national_code, national_name in _MAPPED:
        op.execute(
            disease.update()
            .where(disease.c.code == code, disease.c.name_zh == name_zh)
            .values(national_code=national_code, national_name=national_name)
        )


def downgrade() -> None:
    with op.batch_alter_table("hospital") as batch:
        batch.drop_column("national_code")
    with op.batch_alter_table("disease") as batch:
        batch.drop_column("national_name")
        batch.drop_column("national_code")
