from __future__ import annotations

import pytest

from app.db.database import Database
from app.domain.workflow import Role
from app.errors import NcmsError, PermissionDenied
from app.security.actor import Actor
from app.sync.identity import parse_identity
from app.sync.peers import PeerService, own_identity

ADMIN = Actor.command_line()


def test_station_trusts_its_county_once(db: Database, county_db: Database) -> None:
    county = parse_identity(own_identity(county_db).to_json().encode(), "c.json")
    service = PeerService(db)
    info, added = service.add(ADMIN, county)
    assert added and info.code == "C4105" and service.trusted("C4105") is not None
    assert service.add(ADMIN, county) == (info, False)
    with pytest.raises(PermissionDenied):
        service.add(Actor("clerk1", Role.CLERK), county)
    service.revoke(ADMIN, "C4105")
    assert service.trusted("C4105") is None
    assert [p.revoked_at is not None for p in service.list()] == [True]


def test_own_identity_and_strangers_are_refused(db: Database) -> None:
    me = own_identity(db)
    with pytest.raises(NcmsError, match="own identity"):
        PeerService(db).add(ADMIN, me)
    with pytest.raises(NcmsError, match="No trusted peer X1"):
        PeerService(db).revoke(ADMIN, "X1")
