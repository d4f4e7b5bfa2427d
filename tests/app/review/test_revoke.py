"""Revoking a certificate in effect from the county's register: the reason is
required, the revocation is audited and travels to the station with the next
package, where the certificate shows revoked and is printed no more. One on public
notice or already revoked is refused (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.certificates.printing import CertificateService
from app.db.models import AuditEntry, Certificate
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod
from app.review.register import CertificateRegister, Standing
from tests.app.helpers import HEAD
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY

DIED = "持证人已于2026年11月20日死亡"


def _issued(county_center: County, notice: NoticePeriod | None = None) -> CertificateRegister:
    meetings = MeetingService(county_center.county.db, today=Clock())
    meeting = conclude_every_kind(meetings)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=notice)
    return CertificateRegister(county_center.county.db, today=Clock())


def test_a_revocation_needs_its_reason_and_travels_to_the_station(
    county_center: County, tmp_path: Path
) -> None:
    register = _issued(county_center)
    s001 = [e for e in register.entries() if e.certificate.number.endswith("000001")]
    (entry,) = s001
    number = entry.certificate.number
    assert entry.standing == Standing.IN_EFFECT
    station = county_center.stations["S001"]
    station.import_(county_center.county.export(tmp_path / "first.ncmspkg", "S001"))

    with pytest.raises(ValidationError) as refused:
        register.revoke(REVIEWER, number, "   ")
    assert refused.value.problems[0].field == "reason"
    with pytest.raises(PermissionDenied):
        register.revoke(HEAD, number, DIED)  # a station's role, never the county's word
    revoked = register.revoke(REVIEWER, number, DIED)
    assert (revoked.revoked_on, revoked.revoked_reason) == (TODAY, DIED)
    (now,) = [e for e in register.entries() if e.certificate.number == number]
    assert now.standing == Standing.REVOKED
    with pytest.raises(NcmsError, match="already revoked"):
        register.revoke(REVIEWER, number, DIED)
    with pytest.raises(NcmsError, match="no certificate numbered"):
        register.revoke(REVIEWER, "C4105-2099-999999", DIED)
    with county_center.county.db.reader() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("certificate.revoke") == 1

    # The station's next package from the county carries it.
    station.import_(county_center.county.export(tmp_path / "second.ncmspkg", "S001"))
    with station.db.reader() as session:
        held = session.scalars(select(Certificate).where(Certificate.number == number)).one()
    assert (held.revoked_on, held.revoked_reason) == (TODAY, DIED)
    printing = CertificateService(station.db)
    assert held.id not in printing.unprinted()
    with pytest.raises(NcmsError, match="revoked certificate is not printed"):
        printing.print_to(HEAD, [held.id], tmp_path / "c.pdf", lambda views, out: None)
    assert not (tmp_path / "c.pdf").exists()


def test_a_certificate_on_public_notice_is_challenged_not_revoked(county_center: County) -> None:
    register = _issued(county_center, NoticePeriod.after(TODAY))
    number = register.entries()[0].certificate.number
    with pytest.raises(NcmsError, match="public notice"):
        register.revoke(REVIEWER, number, DIED)
    assert register.entries()[0].standing == Standing.ON_NOTICE
