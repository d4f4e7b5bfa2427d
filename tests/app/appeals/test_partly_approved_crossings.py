"""The appeal of a partly approved file where it crosses the rest of the card's life
(found by a second reader): a card cancelled or revoked meanwhile at either end, a
renewal of the standing card, printing by the file's number, an objection upheld
against the appeal's card."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from app.appeals.lodging import AppealService
from app.certificates.printing import CertificateService
from app.certificates.renewals import RenewalService
from app.certificates.reported import ReportService as LossService
from app.db.models import Application
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.review.meeting import MeetingService
from app.review.notice import UPHELD, NoticePeriod, NoticeService, ObjectionEntry
from app.review.register import CertificateRegister
from tests.app.appeals.test_appeal import REASONS, REJECTED
from tests.app.helpers import CLERK, HEAD
from tests.app.review.helpers import APPROVE, MEMBERS
from tests.app.sync.helpers import REVIEWER, png
from tests.conftest import TODAY
from tests.partly_approved import Pair, appeal_diabetes, certificates_of, meet, state_of


def test_cancelled_during_appeal_a_dismissal_issues_no_certificate(
    pair: Pair, tmp_path: Path
) -> None:
    """The holder moved away while the diabetes appeal ran: the station cancels the
    hypertension card. The committee then dismisses the appeal: no card is issued."""
    appeal_diabetes(pair, tmp_path)
    LossService(pair.station.db, today=lambda: TODAY + timedelta(days=5)).cancel(
        CLERK, pair.card, "moved"
    )
    pair.county.import_(pair.station.export(tmp_path / "cancel.ncmspkg"))
    assert certificates_of(pair.county, pair.app_id)[pair.card].revoked_on is not None
    issued = meet(pair.county, TODAY + timedelta(days=10), {"DM": REJECTED})
    assert issued == []


def test_cancelled_during_appeal_an_approval_does_not_renew_the_cancelled_disease(
    pair: Pair, tmp_path: Path
) -> None:
    appeal_diabetes(pair, tmp_path)
    LossService(pair.station.db, today=lambda: TODAY + timedelta(days=5)).cancel(
        CLERK, pair.card, "moved"
    )
    pair.county.import_(pair.station.export(tmp_path / "cancel.ncmspkg"))
    (new,) = meet(pair.county, TODAY + timedelta(days=10), {"DM": APPROVE})
    assert [d["code"] for d in certificates_of(pair.county, pair.app_id)[new].diseases] == ["DM"]


def test_a_renewal_of_the_standing_card_may_be_taken_while_the_appeal_runs(
    pair: Pair, tmp_path: Path
) -> None:
    """The hypertension card nears its end while the diabetes appeal waits for the
    next meeting: its renewal is taken at the counter, as it is before the appeal."""

    def duplicates() -> list[str]:
        data = RenewalService(pair.station.db, today=lambda: TODAY).prefill(pair.card)
        data = replace(data, diagnosis_date=TODAY - timedelta(days=30))
        problems = ApplicationService(pair.station.db, today=lambda: TODAY).receipt_check(
            CLERK, data
        )
        return [p.message for p in problems if p.key == "disease.duplicate"]

    assert duplicates() == []  # before the appeal: the renewal is welcome
    appeal_diabetes(pair, tmp_path)
    assert duplicates() == []


def test_an_open_renewal_of_the_standing_card_does_not_block_the_appeal(
    pair: Pair, tmp_path: Path
) -> None:
    """The hypertension card's renewal is already taken (it may be, the card
    standing) when the diabetes appeal reaches the county: the appealed file is not
    flagged as a duplicate of the renewal, and its approval on appeal is recorded."""

    db = pair.station.db
    service = ApplicationService(db, today=lambda: TODAY + timedelta(days=2))
    data = RenewalService(db, today=lambda: TODAY).prefill(pair.card)
    ref = service.save_draft(CLERK, replace(data, diagnosis_date=TODAY - timedelta(days=30)))
    photo = service.attach_document(CLERK, ref.id, "photo", "p.png", png(9), source="camera")
    for item in service.get(ref.id).checklist:
        ExaminationService(db).set_checklist(
            CLERK,
            ref.id,
            item.material_code,
            "provided",
            document_id=photo.id if item.material_code == "photo" else None,
        )
    service.receive(CLERK, ref.id)
    ExaminationService(db).accept(HEAD, ref.id)
    BatchService(db).make(HEAD, date(2027, 1, 1))
    appeal_diabetes(pair, tmp_path)  # the renewal travels in the same package
    with pair.county.db.reader() as session:
        app = session.get(Application, pair.app_id)
        assert app is not None
        assert app.duplicate_of is None


def test_printing_the_file_after_an_approval_on_appeal_prints_the_new_card(
    pair: Pair, tmp_path: Path
) -> None:
    """`ncms certificates --application NUMBER` once the diabetes card has come: the
    hypertension card, printed and handed out weeks ago, is not printed again."""

    station, county = pair.station, pair.county
    printed = CertificateService(station.db, today=lambda: TODAY)
    printed.record_prints(CLERK, printed.listed(), "")
    appeal_diabetes(pair, tmp_path)
    (new,) = meet(county, TODAY + timedelta(days=10), {"DM": APPROVE})
    station.import_(county.export(tmp_path / "answer.ncmspkg", "S001"))
    with station.db.reader() as session:
        number = session.get(Application, pair.app_id).number
    ids = printed.by_application_numbers([number])
    result = printed.print_to(
        CLERK, ids, tmp_path / "c.pdf", lambda views, out: out.write_bytes(b"%PDF")
    )
    assert result.numbers == [new]


def test_an_appeal_and_a_later_cancellation_in_one_package_are_taken(
    pair: Pair, tmp_path: Path
) -> None:
    """Day 3 the diabetes appeal is lodged; day 5 the holder's move away is reported
    and the hypertension card cancelled; the station's next package carries both.
    The county takes the package (it is the station's only way to send anything)."""

    AppealService(pair.station.db, today=lambda: TODAY + timedelta(days=3)).lodge(
        CLERK, pair.app_id, REASONS
    )
    LossService(pair.station.db, today=lambda: TODAY + timedelta(days=5)).cancel(
        CLERK, pair.card, "moved"
    )
    pair.county.import_(pair.station.export(tmp_path / "both.ncmspkg"))
    assert state_of(pair.county, pair.app_id) == "appealed"
    assert certificates_of(pair.county, pair.app_id)[pair.card].revoked_on is not None


def test_an_appeal_crossing_the_countys_revocation_does_not_stop_the_station(
    pair: Pair, tmp_path: Path
) -> None:
    """The county revokes the hypertension card (register) the day the station, not
    yet told, lodges the diabetes appeal: the station's package is still taken."""

    CertificateRegister(pair.county.db, today=lambda: TODAY + timedelta(days=3)).revoke(
        REVIEWER, pair.card, "骗保"
    )
    AppealService(pair.station.db, today=lambda: TODAY + timedelta(days=3)).lodge(
        CLERK, pair.app_id, REASONS
    )
    pair.county.import_(pair.station.export(tmp_path / "appeal.ncmspkg"))
    assert state_of(pair.county, pair.app_id) == "appealed"


def test_after_the_revocation_reaches_the_station_its_packages_are_taken_again(
    pair: Pair, tmp_path: Path
) -> None:

    CertificateRegister(pair.county.db, today=lambda: TODAY + timedelta(days=3)).revoke(
        REVIEWER, pair.card, "骗保"
    )
    AppealService(pair.station.db, today=lambda: TODAY + timedelta(days=3)).lodge(
        CLERK, pair.app_id, REASONS
    )
    pair.county.import_(pair.station.export(tmp_path / "appeal.ncmspkg"))
    assert state_of(pair.county, pair.app_id) == "appealed"
    pair.station.import_(pair.county.export(tmp_path / "revoked.ncmspkg", "S001"))
    assert certificates_of(pair.station, pair.app_id)[pair.card].revoked_on is not None
    pair.county.import_(pair.station.export(tmp_path / "again.ncmspkg"))


def _noticed_meeting(pair: Pair, day: date) -> list[str]:

    meetings = MeetingService(pair.county.db, today=lambda: day)
    meeting = meetings.open(REVIEWER, day, MEMBERS)
    for item in meetings.items(meeting.id):
        meetings.conclude(REVIEWER, item.id, APPROVE, item.version)
    return meetings.close(
        REVIEWER, meeting.id, pair.county.keys.signing, NoticePeriod.after(day)
    ).recorded.certificates


def test_an_objection_upheld_against_the_appeal_card_then_a_dismissal(
    pair: Pair, tmp_path: Path
) -> None:

    appeal_diabetes(pair, tmp_path)
    day = TODAY + timedelta(days=10)
    (new,) = _noticed_meeting(pair, day)
    notices = NoticeService(pair.county.db, today=lambda: day + timedelta(days=3))
    (notice, *_) = notices.notices()
    objection = notices.record_objection(
        REVIEWER,
        notice.id,
        ObjectionEntry(new, "村民", "不实", notice.period.starts_on),
    )
    notices.decide(REVIEWER, objection.id, UPHELD, "查实", objection.version)
    assert state_of(pair.county, pair.app_id) == "under_review"
    assert meet(pair.county, day + timedelta(days=20), {"DM": REJECTED}) == []
    pair.station.import_(pair.county.export(tmp_path / "answer.ncmspkg", "S001"))
    assert state_of(pair.station, pair.app_id) == "certificate_issued"
    assert set(certificates_of(pair.station, pair.app_id)) == {pair.card}
