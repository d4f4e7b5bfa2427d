"""A certificate lost, replaced and cancelled, on SQLite and PostgreSQL: the
station's reports travel up, the county replaces (a new number) or ends the
certificate, and its signed revocation list travels down, so the lost card's QR
code reads as revoked at the station while its replacement reads as valid."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.certificates.printing import CertificateService, describe
from app.certificates.reported import ReportService
from app.certificates.revocations import publish, read_list_file, write_list_file
from app.certificates.seal import Verdict
from app.db.models import Certificate, CertificateEvent, RevocationList
from app.errors import NcmsError, PackageRefused, ValidationError
from app.review.register import CertificateRegister, Standing
from app.review.replacement import ReplacementService
from tests.app.certificates.test_handout import _printed
from tests.app.helpers import CLERK, row_counts
from tests.app.review.helpers import Clock
from tests.app.sync.helpers import REVIEWER, County, Side
from tests.conftest import TODAY


def _seal(side: Side, number: str) -> str:
    with side.db.reader() as session:
        seal = session.scalar(select(Certificate.seal).where(Certificate.number == number))
    assert seal
    return seal


def test_a_lost_certificate_is_replaced_and_its_old_code_reads_revoked_at_the_station(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    reported = ReportService(station.db, today=Clock()).report_lost(
        CLERK, number, "lost", "赶集时遗失"
    )
    assert reported.on == TODAY
    sent = station.export(tmp_path / "up.ncmspkg")
    assert sent.counts["certificate_event"] == 1
    county.import_(sent)
    replacements = ReplacementService(county.db, today=Clock())
    (waiting,) = replacements.waiting()
    assert (waiting.number, waiting.station_code, waiting.cause) == (number, "S001", "lost")

    done = replacements.replace(REVIEWER, number, county.keys.signing)
    assert done.reported and done.new_number != number
    assert replacements.waiting() == []
    with pytest.raises(NcmsError, match="already revoked"):
        replacements.replace(REVIEWER, number, county.keys.signing)

    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    certificates = CertificateService(station.db, today=Clock())
    by_number = {c.number: c for c in certificates.listed()}
    old, new = by_number[number], by_number[done.new_number]
    assert old.revoked_on == TODAY and done.new_number in old.revoked_reason
    assert "遗失" in old.revoked_reason
    # Same person, diseases and validity; printed anew under its own number.
    assert (new.name, new.diseases, new.valid_from, new.valid_until) == (
        old.name,
        old.diseases,
        old.valid_from,
        old.valid_until,
    )
    assert new.print_count == 0 and new.id in certificates.unprinted()

    lost = certificates.verify(_seal(station, number))
    # The list's second issue: the first went down with the certificate itself.
    assert (lost.verdict, lost.revoked_on, lost.list_sequence) == (Verdict.REVOKED, TODAY, 2)
    assert "撤销" in describe(lost) or "REVOKED" in describe(lost)
    in_effect = CertificateService(station.db, today=lambda: new.valid_from)
    assert in_effect.verify(_seal(station, done.new_number)).verdict == Verdict.VALID
    assert in_effect.verify(_seal(station, number)).verdict == Verdict.REVOKED
    # The county answers from its register itself.
    at_county = CertificateService(county.db, today=Clock()).verify(_seal(station, number))
    assert at_county.verdict == Verdict.REVOKED and at_county.live

    # The county acknowledged the event: the station's next package no longer carries it.
    assert station.export(tmp_path / "up2.ncmspkg").counts.get("certificate_event", 0) == 0


def test_a_replacement_without_a_loss_report_needs_a_reason(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    replacements = ReplacementService(county.db, today=Clock())
    before = row_counts(county.db)
    with pytest.raises(ValidationError) as caught:
        replacements.replace(REVIEWER, number, county.keys.signing)
    assert caught.value.problems[0].key == "replace.no_report"
    assert row_counts(county.db) == before
    done = replacements.replace(REVIEWER, number, county.keys.signing, "证本在县中心窗口损毁")
    assert not done.reported
    with pytest.raises(NcmsError, match="county"):
        ReplacementService(station.db).replace(REVIEWER, done.new_number, station.keys.signing, "x")


def test_a_cancellation_ends_the_certificate_at_the_county_on_the_day_it_happened(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    died = TODAY + timedelta(days=3)
    reports = ReportService(station.db, today=Clock(TODAY + timedelta(days=10)))
    reports.cancel(CLERK, number, "death", on=died)
    # Nothing more is recorded on a certificate reported cancelled.
    with pytest.raises(ValidationError) as caught:
        reports.report_lost(CLERK, number, "lost")
    assert caught.value.problems[0].key == "event.cancelled"

    county.import_(station.export(tmp_path / "up.ncmspkg"))
    (entry,) = [
        e
        for e in CertificateRegister(county.db, Clock()).entries()
        if e.certificate.number == number
    ]
    assert entry.standing == Standing.REVOKED
    assert (entry.certificate.revoked_on, entry.certificate.revoked_reason) == (died, "注销：死亡")
    # Sent again before the county's acknowledgement came back: nothing ends twice.
    again = county.import_(station.export(tmp_path / "up-again.ncmspkg")).changes
    assert (again.get("certificate_event", 0), again.get("cancelled", 0)) == (0, 0)

    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    checked = CertificateService(station.db, today=Clock()).verify(_seal(station, number))
    assert checked.verdict == Verdict.REVOKED


def test_a_report_a_counter_would_refuse_refuses_the_package_and_changes_nothing(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    ReportService(station.db, today=Clock()).report_lost(CLERK, number, "lost")
    with station.db.session() as session:
        session.execute(update(CertificateEvent).values(cause="stolen"))
    before = row_counts(county.db)
    with pytest.raises(PackageRefused, match="cause"):
        county.import_(station.export(tmp_path / "bad.ncmspkg"))
    assert row_counts(county.db) == before


def test_an_event_claiming_another_station_is_refused(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    ReportService(station.db, today=Clock()).cancel(CLERK, number, "moved")
    with station.db.session() as session:
        session.execute(update(CertificateEvent).values(station_code="S002"))
    before = row_counts(county.db)
    with pytest.raises(PackageRefused, match="belongs to another station"):
        county.import_(station.export(tmp_path / "forged.ncmspkg"))
    assert row_counts(county.db) == before
    # S002's certificate, as the county holds it, is untouched.
    with county.db.reader() as session:
        assert (
            session.scalar(select(Certificate.revoked_on).where(Certificate.number == number))
            is None
        )


def test_an_older_list_is_refused_and_a_tampered_one_named(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    first = tmp_path / "list-1.json"
    write_list_file(publish(county.db, county.keys.signing), first)
    # Nothing changed since: the same list, not a new number.
    assert publish(county.db, county.keys.signing) == read_list_file(first)
    late = county.export(tmp_path / "down-1.ncmspkg", "S001")
    CertificateRegister(county.db, Clock()).revoke(REVIEWER, number, "冒名顶替")
    station.import_(county.export(tmp_path / "down-2.ncmspkg", "S001"))
    # An older package arriving late leaves the newer list in place.
    station.import_(late)
    with station.db.reader() as session:
        held = session.get(RevocationList, county.db.installation().code)
        assert held is not None and held.sequence == 2
    certificates = CertificateService(station.db, today=Clock())
    with pytest.raises(NcmsError, match="older"):
        certificates.verify(_seal(station, number), read_list_file(first))

    forged = tmp_path / "forged.json"
    raw = json.loads(first.read_text())
    raw["body"] = raw["body"].replace('"sequence":1', '"sequence":9', 1)
    assert raw["body"] != json.loads(first.read_text())["body"]
    forged.write_text(json.dumps(raw))
    with pytest.raises(NcmsError, match="not signed"):
        certificates.verify(_seal(station, number), read_list_file(forged))
    (tmp_path / "junk.json").write_bytes(b"\x00not json")
    with pytest.raises(NcmsError, match="not a revocation list"):
        read_list_file(tmp_path / "junk.json")


def test_events_sent_again_after_a_cancellation_are_taken_and_a_crossed_replacement_ends(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    county = county_center.county
    reports = ReportService(station.db, today=Clock())
    reports.report_lost(CLERK, number, "lost")
    county.import_(station.export(tmp_path / "up-1.ncmspkg"))
    done = ReplacementService(county.db, today=Clock()).replace(
        REVIEWER, number, county.keys.signing
    )
    # The holder dies before the county's package arrives: the station knows only the
    # old number, and sends everything again with it (no acknowledgement yet).
    reports.cancel(CLERK, number, "death")
    again = county.import_(station.export(tmp_path / "up-2.ncmspkg")).changes
    assert (again.get("certificate_event"), again.get("cancelled")) == (1, 1)
    ended = {e.certificate.number: e for e in CertificateRegister(county.db, Clock()).entries()}
    assert ended[done.new_number].standing == Standing.REVOKED
    assert ended[done.new_number].certificate.revoked_reason == "注销：死亡"
    # Sent a third time, still before the acknowledgement: the loss report, now
    # older than the cancellation held, is acknowledged again, not refused.
    third = county.import_(station.export(tmp_path / "up-3.ncmspkg")).changes
    assert third.get("certificate_event", 0) == 0 and third.get("cancelled", 0) == 0
