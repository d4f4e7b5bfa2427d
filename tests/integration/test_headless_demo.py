"""packaging/headless_demo.sh, what packaging/demo.sh runs where there is no display:
the same training station and training county as the window's training mode, and a
summary that names the accounts and the station's folder."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.certificates.issued import read_certificates
from app.certificates.printing import CertificateService
from app.certificates.seal import Verdict
from app.db.database import open_database
from app.db.models import Application, Batch
from app.domain.vocabulary import BatchState
from app.domain.workflow import State
from app.paths import DataPaths
from app.training.installation import COUNTY
from tests.integration.cli import cli_env

SCRIPT = Path(__file__).parents[2] / "packaging" / "headless_demo.sh"
# Waiting at a county: only what the training county really received may be there.
AT_THE_COUNTY = (State.SENT, State.COUNTY_RECEIVED, State.UNDER_REVIEW, State.EXAM_REQUIRED)


def test_without_a_display_it_makes_the_window_s_training_station(tmp_path: Path) -> None:
    env = cli_env(
        NCMS=shlex.join([sys.executable, "-m", "app.cli.main"]),
        DEMO_APPLICATIONS="40",
        TMPDIR=str(tmp_path),
    )
    for name in ("NCMS_PASSWORD", "NCMS_ADMIN_PASSWORD", "NCMS_SECRET_PASSPHRASE", "DISPLAY"):
        env.pop(name, None)  # the training folder needs none of them
    shown = subprocess.run(
        ["bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert (
        shown.stderr == "No display: making the training station on the command line "
        "instead of opening the window.\n"
    )
    lines = shown.stdout.splitlines()
    assert "Applications by state:" in lines
    assert [line.split()[0] for line in lines if line.startswith("training-")] == [
        "training-clerk",
        "training-head",
    ]
    assert any(line.startswith("OK: ") for line in lines)
    (station,) = re.findall(r"^Training station: (\S+) ", shown.stdout, re.MULTILINE)
    assert Path(station).parent.name == "data-training"
    assert f"NCMS_DATA_DIR={Path(station).parents[1] / 'data'} " in shown.stdout

    db = open_database(DataPaths(Path(station)))
    try:
        # The certificates name the training county, and their codes check as practice.
        issued = read_certificates(db)
        assert issued and {c.authority for c in issued} == {COUNTY.name}
        assert all(c.sample for c in issued)
        checked = CertificateService(db).verify(issued[0].seal)
        assert checked.data is not None and checked.data.training
        assert checked.verdict not in (Verdict.TAMPERED, Verdict.UNKNOWN_ISSUER)
        with db.reader() as session:
            waiting = session.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.state.in_([s.value for s in AT_THE_COUNTY]))
            )
            accepted = session.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.state == State.STATION_ACCEPTED.value)
            )
            states = set(session.scalars(select(Batch.state)))
        # Nothing said to be at the county that the training county does not hold; the
        # quarter's batch is made and waits to be sent to it, more files wait for one.
        assert waiting == 0
        assert BatchState.CLOSED in states and accepted
    finally:
        db.close()
