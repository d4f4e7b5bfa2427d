"""app/workflow.py: the one way an application changes state.

One exemption, by design: the demo generator (app/training/demo.py) writes synthetic
applications with their states and history as bulk-inserted rows, for speed (100,000
in minutes); it makes training data and never moves a real application. The scan
below sees assignments and constructor calls, not those row dictionaries."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app import workflow
from app.db.database import Database
from app.db.models import Application, AuditEntry, StateChange
from app.domain.workflow import Role, State
from app.errors import IllegalTransition
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import CLERK, complete
from tests.conftest import TODAY

APP = Path(__file__).resolve().parents[2] / "app"
OWNER = APP / "workflow.py"
REVIEWER = Actor("rev1", Role.COUNTY_REVIEWER)


def _sets_state(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "state" and isinstance(node.ctx, ast.Store)
    if not isinstance(node, ast.Call):
        return False
    func, keywords = node.func, {k.arg for k in node.keywords}
    if isinstance(func, ast.Name) and func.id == "setattr":
        key = node.args[1] if len(node.args) > 1 else None
        return isinstance(key, ast.Constant) and key.value == "state"
    if isinstance(func, ast.Name) and func.id == "Application":
        return "state" in keywords
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "values"
        and "state" in keywords
        and "update(Application)" in ast.unparse(func.value)
    )


def _state_writes(path: Path) -> list[int]:
    """Lines that set an application's state: `x.state = …` (any object: no other
    record's state is assigned that way), `setattr(x, "state", …)`, `Application(state=…)`
    and `update(Application).values(state=…)`. A key chosen at run time cannot be
    seen; the import pops `state` from the values it copies for that reason."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    return sorted({node.lineno for node in ast.walk(tree) if _sets_state(node)})  # type: ignore[attr-defined]


def test_only_the_workflow_sets_an_applications_state() -> None:
    offenders = [
        f"{path.relative_to(APP.parent)}:{line}"
        for path in sorted(APP.rglob("*.py"))
        if path != OWNER
        for line in _state_writes(path)
    ]
    assert offenders == []
    assert _state_writes(OWNER)  # the check does see the module that does it


def test_the_check_sees_every_way_of_setting_a_state(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "app.state = 'sent'\n"
        "a, b.state = 1, 'x'\n"
        "setattr(app, 'state', 'sent')\n"
        "Application(number='1', state='draft')\n"
        "s.execute(update(Application).where(x).values(state='sent'))\n"
        "update(Batch).values(state='sent')\n"  # a batch's state is not an application's
        "setattr(app, key, value)\n"
        "print(app.state)\n"
    )
    assert _state_writes(bad) == [1, 2, 3, 4, 5]


# -- the functions -----------------------------------------------------------------


@pytest.fixture
def draft(db: Database) -> uuid.UUID:
    return ApplicationService(db, today=lambda: TODAY).save_draft(CLERK, complete()).id


def _put(db: Database, app_id: uuid.UUID, state: State) -> None:
    """Place a file in a state without the steps that lead there."""
    with db.session() as session:
        session.execute(update(Application).where(Application.id == app_id).values(state=state))


def _steps(db: Database, app_id: uuid.UUID) -> list[StateChange]:
    with db.reader() as session:
        return list(
            session.scalars(
                select(StateChange)
                .where(StateChange.application_id == app_id)
                .order_by(StateChange.at)
            )
        )


def _state_audits(db: Database) -> list[AuditEntry]:
    with db.reader() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "application.state"))
        )


def test_a_draft_starts_its_history(db: Database, draft: uuid.UUID) -> None:
    (first,) = _steps(db, draft)
    assert (first.from_state, first.to_state, first.actor) == (None, "draft", "clerk1")
    assert first.application_version == 1 and not first.acked


def test_a_station_move_makes_a_version_and_is_audited(db: Database, draft: uuid.UUID) -> None:
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        workflow.move(session, app, CLERK, State.WITHDRAWN, ["申请人撤回"])
    with db.reader() as session:
        app = session.get(Application, draft)
        assert app is not None
        assert (app.state, app.version, app.updated_by) == ("withdrawn", 2, "clerk1")
    step = _steps(db, draft)[-1]
    assert (step.from_state, step.to_state, step.reasons) == ("draft", "withdrawn", ["申请人撤回"])
    assert step.application_version == 2
    (entry,) = _state_audits(db)
    assert entry.after == {"state": "withdrawn", "reasons": ["申请人撤回"]}


def test_a_county_move_keeps_the_stations_version(db: Database, draft: uuid.UUID) -> None:
    _put(db, draft, State.COUNTY_RECEIVED)
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        workflow.move(session, app, REVIEWER, State.UNDER_REVIEW)
    step = _steps(db, draft)[-1]
    assert (step.to_state, step.actor_role, step.application_version) == (
        "under_review",
        "county_reviewer",
        1,
    )


def test_an_illegal_move_is_refused_and_writes_nothing(db: Database, draft: uuid.UUID) -> None:
    with pytest.raises(IllegalTransition), db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        workflow.move(session, app, CLERK, State.APPROVED)
    assert [s.to_state for s in _steps(db, draft)] == ["draft"]
    assert _state_audits(db) == []


def test_a_mirror_takes_the_countys_state_born_acknowledged(db: Database, draft: uuid.UUID) -> None:
    _put(db, draft, State.SENT)
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        assert workflow.mirror(session, app, State.APPROVED)
    step = _steps(db, draft)[-1]
    assert (step.from_state, step.to_state, step.actor, step.acked) == (
        "sent",
        "approved",
        "system:import",
        True,
    )
    assert step.application_version == 1
    (entry,) = _state_audits(db)
    assert (entry.before, entry.after) == ({"state": "sent"}, {"state": "approved"})


def test_a_mirror_skips_what_system_may_not_do(db: Database, draft: uuid.UUID) -> None:
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        assert not workflow.mirror(session, app, State.APPROVED)
        assert app.state == "draft"
    assert len(_steps(db, draft)) == 1 and _state_audits(db) == []


def test_a_county_receipt_names_the_state_the_file_was_sent_in(
    db: Database, draft: uuid.UUID
) -> None:
    _put(db, draft, State.COUNTY_RECEIVED)  # as `arrive` enters it
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        assert workflow.county_receipt(session, app, "batched")
    step = _steps(db, draft)[-1]
    assert (step.from_state, step.to_state, step.acked) == ("batched", "county_received", False)
    assert _state_audits(db) == []  # the package's import is audited, not each receipt


@pytest.mark.parametrize(
    ("held", "received"), [(State.AWAITING_MATERIALS, True), (State.APPROVED, False)]
)
def test_an_amended_file_is_received_again_only_where_system_may(
    db: Database, draft: uuid.UUID, held: State, received: bool
) -> None:
    _put(db, draft, held)
    with db.session() as session:
        app = session.get(Application, draft)
        assert app is not None
        assert workflow.county_receipt(session, app) is received
        assert app.state == ("county_received" if received else held.value)
    assert len(_steps(db, draft)) == (2 if received else 1)
