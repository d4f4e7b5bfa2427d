"""What travels about certificates besides the certificates themselves: a station's
events (hand-outs, annual reviews, losses, cancellations) up to the county, and the
county's signed revocation list down to the stations.

An event is the station's record about the county's certificate: taken only from
the station whose application the certificate is on, under the rules the counter
keeps (app/certificates/events.py). A cancellation ends the certificate at the
county on the day reported, which then travels back down like any revocation.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.certificates.events import CANCEL, CAUSE_WORDS, earlier_events, event_problems
from app.certificates.revocations import Signed, keep, read_list
from app.db.models import Certificate, CertificateEvent, Peer
from app.db.types import utcnow
from app.domain.vocabulary import AckKind
from app.errors import NcmsError, PackageRefused
from app.review.register import end_certificate
from app.security.actor import Actor
from app.sync.manifest import Manifest
from app.sync.records import held_unchanged, refuse_broken

_ENTRY = "certificate_event"


class _Applier(Protocol):
    session: Session
    manifest: Manifest
    changes: Any

    def records(self, table: str) -> Any: ...
    def parsed(self, model: Any, table: str) -> Any: ...
    def upsert(self, model: Any, values: dict[str, Any]) -> bool: ...
    def held(self, model: Any, ident: Any) -> Any: ...
    def owe(self, kind: AckKind, ident: object, version: int) -> None: ...


def receive_events(applier: _Applier, ours: Callable[[uuid.UUID], bool]) -> None:
    """County: the sending station's certificate events. `ours`: whether an
    application is the sender's."""
    session, sender = applier.session, applier.manifest.sender
    # A station's clock a day ahead of the county's is not a forged record.
    today = utcnow().date() + timedelta(days=1)
    actor = Actor.system("import")
    for n, _record, values in applier.parsed(CertificateEvent, _ENTRY):
        held = applier.held(CertificateEvent, values["id"])
        if held_unchanged(held, values, sender, "certificate_id", _ENTRY, n):
            applier.owe(AckKind.CERTIFICATE_EVENT, values["id"], values["version"])
            continue
        certificate = session.get(Certificate, values["certificate_id"])
        if certificate is None:
            # A certificate this county no longer holds (restored from an older
            # backup): set aside, not refused, or the station's every later package
            # would be refused with it; sent again until it can be taken.
            applier.changes["unknown_certificate"] += 1
            continue
        if not ours(certificate.application_id):
            raise PackageRefused("package.foreign_record", entry=_ENTRY, line=n)
        earlier = [e for e in earlier_events(session, certificate) if e.id != values["id"]]
        # Checked as a detached row: never added, so it cannot be flushed half-checked.
        refuse_broken(
            event_problems(CertificateEvent(**values), certificate, earlier, today), _ENTRY, n
        )
        applier.upsert(CertificateEvent, values)
        applier.changes[_ENTRY] += 1
        if values["kind"] == CANCEL and _cancel(session, certificate, values, actor):
            applier.changes["cancelled"] += 1
        applier.owe(AckKind.CERTIFICATE_EVENT, values["id"], values["version"])
    session.flush()


def _cancel(
    session: Session, certificate: Certificate, values: dict[str, Any], actor: Actor
) -> bool:
    """End the certificate in effect of a cancellation: the one named, or, when that
    was replaced meanwhile (the station knew only the old number), its replacement."""
    current = certificate
    seen = {current.id}
    while (
        successor := session.scalars(
            select(Certificate).where(Certificate.replaces_id == current.id)
        ).first()
    ) is not None and successor.id not in seen:
        current = successor
        seen.add(current.id)
    if current.revoked_on is not None:
        return False
    reason = "注销：" + CAUSE_WORDS[values["cause"]]
    if values["note"]:
        reason += f"（{values['note']}）"
    end_certificate(session, current, values["happened_on"], reason, actor)
    return True


def receive_revocations(applier: _Applier) -> None:
    """Station: the county's revocation list, kept when newer than the one held. An
    older one (a package arriving late) is left: packages come in any order, and
    the newer list already says more."""
    session, sender = applier.session, applier.manifest.sender
    peer = session.get(Peer, sender)
    assert peer is not None  # the package's signature was checked with its key
    key = base64.b64decode(peer.signing_public_key)
    for n, record in applier.records("revocations"):
        try:
            signed = Signed.from_record(record)
            revocations = read_list(signed, lambda county: key if county == sender else None)
        except ValueError as err:
            raise PackageRefused(
                "package.bad_record", entry=f"revocations ({err})", line=n
            ) from None
        try:
            if keep(session, revocations, signed):
                applier.changes["revocations"] += 1
        except NcmsError:
            applier.changes["revocations_older"] += 1
