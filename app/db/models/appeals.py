"""A rejected applicant's appeal (申请复核): lodged at the station within the
catalogue's days, with the applicant's reasons and the diseases it is about, and
sent to the county, where those diseases go back to the committee.

Owned by the station that holds the application; one per application (the
committee's second answer is final here: what follows is administrative
reconsideration outside this program). New materials come as documents on the
application itself, so they travel and show like every other.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, Travelling


class Appeal(Travelling, Base):
    __tablename__ = "appeal"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    station_code: Mapped[str] = mapped_column(String(20))
    lodged_on: Mapped[date]
    reasons: Mapped[list[str]]  # the applicant's, as the clerk wrote them down
    disease_codes: Mapped[list[str]]  # the rejected diseases the appeal is about
    recorded_by: Mapped[str] = mapped_column(String(64))
    acked_version: Mapped[int] = mapped_column(default=0)
