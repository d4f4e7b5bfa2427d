from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select

from app.admin.users import UserService
from app.db.database import Database
from app.db.models import AuditEntry, User
from app.db.types import utcnow
from app.domain.workflow import Role
from app.errors import AuthenticationFailed, NcmsError, PermissionDenied, ValidationError
from app.security.actor import Actor
from app.security.passwords import hash_password
from tests.conftest import ADMIN_PASSWORD

ADMIN = Actor("admin", Role.ADMIN)


def test_hash_is_argon2id_at_least_owasp_parameters() -> None:
    params = extract_parameters(hash_password("correct horse"))
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_login_upgrades_an_old_hash(db: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("old-password-1")
    with db.session() as session:
        session.add(User(username="old", role="clerk", password_hash=weak))
    UserService(db).authenticate("old", "old-password-1")
    with db.reader() as session:
        upgraded = session.scalars(select(User).where(User.username == "old")).one()
    assert extract_parameters(upgraded.password_hash).memory_cost == 64 * 1024


def test_admin_logs_in_with_the_init_password(db: Database) -> None:
    actor = UserService(db).authenticate("admin", ADMIN_PASSWORD)
    assert actor.role is Role.ADMIN


def test_unknown_user_and_wrong_password_read_the_same(db: Database) -> None:
    service = UserService(db)
    with pytest.raises(AuthenticationFailed) as unknown:
        service.authenticate("nobody", "whatever-1")
    with pytest.raises(AuthenticationFailed) as wrong:
        service.authenticate("admin", "wrong-password")
    assert str(unknown.value) == str(wrong.value) == "Wrong user name or password"


def test_five_failures_lock_for_fifteen_minutes(db: Database) -> None:
    service = UserService(db)
    now = utcnow()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed, match="Wrong"):
            service.authenticate("admin", "bad-password", now=now)
    with pytest.raises(AuthenticationFailed, match="locked"):
        service.authenticate("admin", "bad-password", now=now)
    # Even the right password is refused while locked...
    with pytest.raises(AuthenticationFailed, match="locked"):
        service.authenticate("admin", ADMIN_PASSWORD, now=now + timedelta(minutes=14))
    # ...and accepted after 15 minutes.
    service.authenticate("admin", ADMIN_PASSWORD, now=now + timedelta(minutes=15, seconds=1))
    with db.reader() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("user.login_failed") == 4 and "user.locked" in actions


def test_success_resets_the_failure_count(db: Database) -> None:
    service = UserService(db)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            service.authenticate("admin", "bad-password")
    service.authenticate("admin", ADMIN_PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed, match="Wrong"):
            service.authenticate("admin", "bad-password")


def test_only_admins_add_users_and_roles_fit_the_installation(db: Database) -> None:
    service = UserService(db)
    service.add(ADMIN, "clerk1", "clerk", "clerk-pass-1")
    clerk = service.authenticate("clerk1", "clerk-pass-1")
    with pytest.raises(PermissionDenied, match="clerk1 \\(clerk\\) may not"):
        service.add(clerk, "clerk2", "clerk", "clerk-pass-2")
    with pytest.raises(ValidationError) as caught:
        service.add(ADMIN, "Bad Name", "county_reviewer", "short")
    assert caught.value.fields() == {"username", "role", "password"}
    with pytest.raises(ValidationError, match="already exists"):
        service.add(ADMIN, "clerk1", "clerk", "clerk-pass-1")
    assert [u.username for u in service.list()] == ["admin", "clerk1"]


def test_confirming_an_administrator_is_not_a_login(db: Database) -> None:
    actor = UserService(db).confirm_admin("admin", ADMIN_PASSWORD)
    assert (actor.username, actor.role) == ("admin", Role.ADMIN)
    with db.reader() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
        admin = session.scalars(select(User).where(User.username == "admin")).one()
    assert "user.login" not in actions and admin.last_login_at is None


def test_a_wrong_administrator_password_counts_towards_the_lockout(db: Database) -> None:
    service = UserService(db)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed, match="Wrong"):
            service.confirm_admin("admin", "bad-password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        service.confirm_admin("admin", ADMIN_PASSWORD + "x")
    with pytest.raises(AuthenticationFailed, match="locked"):
        service.confirm_admin("admin", ADMIN_PASSWORD)


@pytest.mark.parametrize(
    ("role", "installation"),
    [
        ("clerk", "sqlite_db"),
        ("station_head", "sqlite_db"),
        ("county_reviewer", "county_db"),
        ("county_admin", "county_db"),
    ],
)
def test_a_non_administrators_password_does_not_confirm_an_administrator(
    request: pytest.FixtureRequest, role: str, installation: str
) -> None:
    db: Database = request.getfixturevalue(installation)
    service = UserService(db)
    service.add(ADMIN, "someone", role, "someone-pass-1")
    with pytest.raises(PermissionDenied, match=r"someone \(.*\) is not an administrator"):
        service.confirm_admin("someone", "someone-pass-1")
    with db.reader() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None and (last.actor, last.action) == ("someone", "user.admin_refused")


def test_a_role_change_is_audited_and_must_fit_the_installation(db: Database) -> None:
    service = UserService(db)
    service.add(ADMIN, "clerk1", "clerk", "clerk-pass-1")
    assert service.set_role(ADMIN, "clerk1", "station_head").role == "station_head"
    with db.reader() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None and (last.actor, last.action) == ("admin", "user.role")
    assert (last.before, last.after) == ({"role": "clerk"}, {"role": "station_head"})
    with pytest.raises(ValidationError, match="Role county_reviewer is not available"):
        service.set_role(ADMIN, "clerk1", "county_reviewer")
    head = service.authenticate("clerk1", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        service.set_role(head, "clerk1", "admin")
    assert [(u.username, u.role) for u in service.list()] == [
        ("admin", "admin"),
        ("clerk1", "station_head"),
    ]


def test_the_last_administrator_keeps_the_role(db: Database) -> None:
    service = UserService(db)
    with pytest.raises(NcmsError, match="admin is the last administrator"):
        service.set_role(ADMIN, "admin", "station_head")
    service.add(ADMIN, "second", "admin", "second-pass-1")
    assert service.set_role(ADMIN, "admin", "station_head").role == "station_head"
    with pytest.raises(NcmsError, match="second is the last administrator"):
        service.set_role(ADMIN, "second", "clerk")


def test_only_an_administrator_makes_an_administrator(county_db: Database) -> None:
    service = UserService(county_db)
    service.add(ADMIN, "director", "county_admin", "director-pass-1")
    service.add(ADMIN, "rev1", "county_reviewer", "rev-pass-1")
    director = service.authenticate("director", "director-pass-1")
    with pytest.raises(ValidationError, match="Only an administrator can give the admin role"):
        service.add(director, "boss", "admin", "boss-pass-1")
    with pytest.raises(ValidationError, match="Only an administrator can give the admin role"):
        service.set_role(director, "rev1", "admin")
    assert service.set_role(director, "rev1", "county_admin").role == "county_admin"
    assert {u.username: u.role for u in service.list()}["rev1"] == "county_admin"
    assert "boss" not in {u.username for u in service.list()}
