"""`initialise`: all or nothing, whatever step fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.admin.installation import InitRequest, initialise, record_age_identity_export
from app.db.database import Database
from app.db.models import AuditEntry
from app.domain.workflow import Role
from app.paths import DataPaths
from app.security.actor import Actor
from app.security.secrets import MemorySecretStore

REQUEST = InitRequest("station", "S001", "宜沟镇合管站", "C4105", "admin-pass-1")


class _FailingStore(MemorySecretStore):
    """A store that breaks when the second key is written: after the database and
    the first key exist, the latest point at which `init` can fail."""

    def set(self, key: str, value: str) -> None:
        if self._data:
            raise OSError("credential store went away")
        super().set(key, value)


@pytest.mark.parametrize("existing_root", [False, True], ids=["new dir", "empty dir"])
def test_init_failing_at_its_last_step_leaves_no_installation(
    tmp_path: Path, existing_root: bool
) -> None:
    paths = DataPaths(tmp_path / "station")
    if existing_root:
        paths.root.mkdir()
    store = _FailingStore()
    with pytest.raises(OSError, match="went away"):
        initialise(paths, None, REQUEST, lambda _root, _scope: store)
    assert store.get("signing_key") is None  # the key already written was taken back
    if existing_root:
        assert list(paths.root.iterdir()) == []
    else:
        assert not paths.root.exists()
    good = MemorySecretStore()
    installation = initialise(paths, None, REQUEST, lambda _root, _scope: good)
    assert installation.code == "S001" and good.get("age_identity")
    assert sorted(p.name for p in paths.root.iterdir()) == ["ncms.sqlite3"]


def test_taking_the_age_identity_out_is_audited(sqlite_db: Database) -> None:
    admin = Actor("admin", Role.ADMIN)
    record_age_identity_export(sqlite_db, admin)
    with sqlite_db.reader() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None
    assert (last.actor, last.action, last.entity_type) == (
        "admin",
        "keys.age_identity_export",
        "installation",
    )
