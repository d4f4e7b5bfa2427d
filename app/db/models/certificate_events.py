"""What happens to a certificate at its station after it is printed: handed out (to
the applicant or an agent, whose ID number was checked against the one on file),
its annual reviews, a loss reported, its cancellation.

Owned by the station that holds the certificate's application: the station records
them and sends them to the county, which holds the certificate itself (a loss
reported is the county's to replace, a cancellation the county's to end).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, Travelling


class CertificateEvent(Travelling, Base):
    __tablename__ = "certificate_event"

    certificate_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    station_code: Mapped[str] = mapped_column(String(20))
    # hand_out | annual_review | report_lost | cancel (app/certificates/events.py)
    kind: Mapped[str] = mapped_column(String(16))
    happened_on: Mapped[date]
    # Annual review: the year it is for (a review may be done in the last weeks of
    # the year before); its result is the note.
    year: Mapped[int | None]
    recorded_by: Mapped[str] = mapped_column(String(64))
    # Hand-out: who collected it (applicant | agent), as they identified themselves.
    collector: Mapped[str] = mapped_column(String(12), default="")
    collector_name: Mapped[str] = mapped_column(String(50), default="")
    collector_id_number: Mapped[str] = mapped_column(String(18), default="")
    collector_relation: Mapped[str] = mapped_column(String(20), default="")
    # Hand-out: why an ID number that is not the one on file was accepted. Annual
    # review: its result (合格 …).
    note: Mapped[str] = mapped_column(String(200), default="")
    # Report lost: lost | damaged. Cancel: death | moved | insurance_ended.
    cause: Mapped[str] = mapped_column(String(16), default="")
    acked_version: Mapped[int] = mapped_column(default=0)
