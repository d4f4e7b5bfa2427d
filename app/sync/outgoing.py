"""County: what each station has still to pick up — decisions, certificates and
other changes of its files (a withdrawal as a duplicate, say) it has not
acknowledged, whether written to a drive or waiting for its next online sync, and
those a running public notice holds back — and the last package made for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from app.db.database import Database
from app.db.models import Application, Certificate, Decision, Peer, StateChange, SyncPackage
from app.domain.vocabulary import Direction
from app.review.notice import held_applications


@dataclass(frozen=True)
class Outgoing:
    station: str
    name: str
    decisions: int  # not yet acknowledged by the station, notice holds left out
    certificates: int
    held: int  # certificates a running public notice holds at the county
    changed: int  # other files with a state change not yet picked up (a withdrawal…)
    last_sequence: int | None  # the newest package made for the station
    last_made_at: datetime | None

    @property
    def waiting(self) -> int:
        return self.decisions + self.certificates + self.changed


def outgoing(db: Database) -> list[Outgoing]:
    """Every trusted station, by code."""
    with db.reader() as session:
        held = held_applications()

        def counted(model: type[Decision] | type[Certificate], hold: bool) -> dict[str, int]:
            condition = model.application_id.in_(held)
            query = (
                select(Application.station_code, func.count())
                .select_from(model)
                .join(Application, Application.id == model.application_id)
                .where(model.version > model.acked_version, condition if hold else ~condition)
                .group_by(Application.station_code)
            )
            return dict(session.execute(query).all())

        decisions = counted(Decision, hold=False)
        certificates = counted(Certificate, hold=False)
        on_notice = counted(Certificate, hold=True)
        # Other files whose state the county moved (withdrawn as a duplicate…), each
        # once: not those counted above for a decision or certificate, nor those a
        # notice holds (their history waits with them, as export.py sends it).
        unsent = (Decision, Certificate)
        changed = dict(
            session.execute(
                select(Application.station_code, func.count(func.distinct(Application.id)))
                .join(StateChange, StateChange.application_id == Application.id)
                .where(
                    StateChange.acked.is_(False),
                    Application.id.not_in(held),
                    *(
                        ~exists().where(
                            m.application_id == Application.id, m.version > m.acked_version
                        )
                        for m in unsent
                    ),
                )
                .group_by(Application.station_code)
            ).all()
        )
        last = {
            code: (sequence, made)
            for code, sequence, made in session.execute(
                select(SyncPackage.peer_code, SyncPackage.sequence, SyncPackage.created_at)
                .where(SyncPackage.direction == Direction.OUT)
                .order_by(SyncPackage.sequence)
            ).all()
        }
        stations = session.execute(
            select(Peer.code, Peer.name)
            .where(Peer.role == "station", Peer.revoked_at.is_(None))
            .order_by(Peer.code)
        ).all()
    return [
        Outgoing(
            station=code,
            name=name,
            decisions=decisions.get(code, 0),
            certificates=certificates.get(code, 0),
            held=on_notice.get(code, 0),
            changed=changed.get(code, 0),
            last_sequence=last[code][0] if code in last else None,
            last_made_at=last[code][1] if code in last else None,
        )
        for code, name in stations
    ]
