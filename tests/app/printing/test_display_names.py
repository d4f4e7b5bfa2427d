"""People are named by their display name (王会计) on paper and in the history, never
by their login or the command line's "cli:root"; older rows still read sensibly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.admin.users import UserService
from app.domain.workflow import Role
from app.errors import PermissionDenied, ValidationError
from app.intake.applications import ApplicationService
from app.printing import forms
from app.printing.printouts import PrintoutService, save_office
from app.security.actor import Actor
from tests.app.helpers import HEAD, applicant, complete
from tests.app.sync.helpers import ADMIN, Side, make_side
from tests.conftest import TODAY

PASSWORD = "Counter-2026-pass"


@pytest.fixture
def station(tmp_path: Path) -> Side:
    side = make_side(tmp_path / "station", "station", "S001")
    save_office(side.db, HEAD, "0372-6221234", "宜沟镇政府院内")
    return side


def _clerk(station: Side) -> Actor:
    UserService(station.db).add(ADMIN, "wangkj", "clerk", PASSWORD, display_name="王会计")
    return UserService(station.db).authenticate("wangkj", PASSWORD)


def test_a_login_carries_the_display_name(station: Side) -> None:
    actor = _clerk(station)
    assert (actor.username, actor.display_name, actor.name) == ("wangkj", "王会计", "王会计")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_receipt_names_the_clerk_and_the_office_phone(station: Side, tmp_path: Path) -> None:
    clerk = _clerk(station)
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.save_draft(clerk, complete(["HTN"], person=applicant(41)))
    service.receive(clerk, ref.id)
    out = tmp_path / "receipt.pdf"
    forms.receipt(PrintoutService(station.db, today=lambda: TODAY).application(ref.id), out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "经办人：王会计" in text.replace(" ", "")
    assert "0372-6221234" in text
    assert "wangkj" not in text


def test_history_shows_display_names_and_labels_for_older_rows(station: Side) -> None:
    clerk = _clerk(station)
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.save_draft(
        Actor.command_line(Role.CLERK), complete(["HTN"], person=applicant(42))
    )
    service.receive(clerk, ref.id)  # after an operator at the command line drafted it
    names = [h.actor_name for h in service.history(ref.id)]
    assert names[-1] == "王会计"
    assert not any(n.startswith("cli:") for n in names)
    assert "administrator (command line)" in names[0]


def test_the_administrator_corrects_a_display_name_and_history_follows(station: Side) -> None:
    clerk = _clerk(station)
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.save_draft(clerk, complete(["HTN"], person=applicant(43)))
    users = UserService(station.db)
    with pytest.raises(PermissionDenied):
        users.set_display_name(clerk, "wangkj", "王小会")
    with pytest.raises(ValidationError):
        users.set_display_name(ADMIN, "wangkj", "  ")
    assert users.set_display_name(ADMIN, "wangkj", "王小会").display_name == "王小会"
    assert service.history(ref.id)[-1].actor_name == "王小会"
