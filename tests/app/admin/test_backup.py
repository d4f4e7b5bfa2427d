"""What a restore writes into the chain it brought back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.admin.backup import record_restore
from app.db.database import Database
from app.db.models import AuditEntry
from app.domain.workflow import Role
from app.security.actor import Actor


def _last_entry(db: Database) -> AuditEntry:
    with db.reader() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry is not None
    return entry


@pytest.mark.parametrize("admin", [Actor("admin", Role.ADMIN), None], ids=["admin", "key"])
def test_a_restore_says_who_brought_the_data_back_and_from_when(
    sqlite_db: Database, admin: Actor | None
) -> None:
    installation = sqlite_db.installation()
    manifest = {
        "installation": {"id": installation.id.hex, "code": installation.code},
        "created_at": "2026-11-20T08:00:00+00:00",
    }
    record_restore(sqlite_db.paths, manifest, admin)
    entry = _last_entry(sqlite_db)
    assert (entry.action, entry.entity_id) == ("backup.restore", str(installation.id))
    assert entry.after == {
        "backup_made": "2026-11-20T08:00:00+00:00",
        "recovery_key": admin is None,
    }
    if admin is not None:
        assert entry.actor == "admin"
    else:
        assert entry.actor == Actor.command_line().username
