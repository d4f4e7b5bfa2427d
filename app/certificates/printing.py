"""Certificates at the station: which can be printed, printing them (counted, and a
reprint audited with its reason), and checking the text of a certificate's QR code.

A certificate exists at a station only once the county's decision arrived with it
(the county numbers, dates and seals it), so "printable" means "held here".
"""

from __future__ import annotations

import base64
import dataclasses
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.certificates.issued import IssuedCertificate, read_certificates
from app.certificates.revocations import Signed, held_list, keep, read_list
from app.certificates.seal import Verdict, Verification, verify_certificate
from app.db.database import Database
from app.db.models import Application, Certificate, Peer
from app.db.types import utcnow
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import STATION_ROLES, Role
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.security import audit
from app.security.actor import Actor, require_role

PRINTERS = (*STATION_ROLES, Role.ADMIN)


@dataclass(frozen=True)
class PrintResult:
    path: Path
    numbers: list[str]


def issuer_keys(db: Database) -> Callable[[str], bytes | None]:
    """The county keys this installation trusts to have sealed a certificate: at a
    county its own, at a station its county's (unless revoked)."""
    with db.reader() as session:
        me = db.installation()
        keys = {}
        if me.role == InstallationRole.COUNTY:
            keys[me.code] = base64.b64decode(me.signing_public_key)
        for peer in session.scalars(
            select(Peer).where(Peer.role == InstallationRole.COUNTY, Peer.revoked_at.is_(None))
        ):
            keys[peer.code] = base64.b64decode(peer.signing_public_key)
    return keys.get


class CertificateService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def verify(self, text: str, revocations: Signed | None = None) -> Verification:
        """Check a QR text, then whether its county revoked it: at the county, for
        its own certificates, in the register; elsewhere in the newest revocation
        list held. `revocations`: a list file brought along, used (and kept, at a
        station) when it is newer than the one held; an older one is refused."""
        keys = issuer_keys(self.db)
        checked = verify_certificate(text, keys, self.today())
        if revocations is not None:
            self.take_list(revocations, keys)
        data = checked.data
        if data is None or checked.verdict in (Verdict.TAMPERED, Verdict.UNKNOWN_ISSUER):
            return checked
        me = self.db.installation()
        with self.db.reader() as session:
            if me.role == InstallationRole.COUNTY and data.county == me.code:
                revoked_on = session.scalar(
                    select(Certificate.revoked_on).where(Certificate.number == data.number)
                )
                return _revoked(dataclasses.replace(checked, live=True), revoked_on)
            held = held_list(session, data.county)
        if held is None:
            return checked
        found = dataclasses.replace(
            checked, list_sequence=held.sequence, list_issued_at=held.issued_at
        )
        return _revoked(found, held.revoked.get(data.number))

    def take_list(self, signed: Signed, keys: Callable[[str], bytes | None] | None = None) -> bool:
        """Keep a revocation list brought as a file, if it is genuine and newer than
        the one held (True); the one held again: False; damaged, foreign or older:
        NcmsError saying which."""
        try:
            revocations = read_list(signed, keys or issuer_keys(self.db))
        except ValueError as err:
            raise NcmsError(f"revocations.{err}") from None
        with self.db.session() as session:
            return keep(session, revocations, signed)

    def unprinted(self) -> list[uuid.UUID]:
        with self.db.reader() as session:
            return list(
                session.scalars(
                    select(Certificate.id)
                    .where(Certificate.print_count == 0, Certificate.revoked_on.is_(None))
                    .order_by(Certificate.number)
                )
            )

    def by_application_numbers(self, numbers: Sequence[str]) -> list[uuid.UUID]:
        """The certificate of each named application to print: its standing ones not
        printed yet (two where a partly approved file's appeal was approved since its
        first was handed out), else its newest standing one; every one without a
        certificate is named."""
        found: dict[str, list[tuple[uuid.UUID, int]]] = {}
        with self.db.reader() as session:
            for number, certificate, prints in session.execute(
                select(Application.number, Certificate.id, Certificate.print_count)
                .join(Certificate, Certificate.application_id == Application.id)
                .where(Application.number.in_(list(numbers)), Certificate.revoked_on.is_(None))
                .order_by(Certificate.number)
            ):
                found.setdefault(number, []).append((certificate, prints))
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationError(
                [Problem("application", "certificate.none_for", {"number": n}) for n in missing]
            )
        chosen = []
        for number in dict.fromkeys(numbers):
            unprinted = [c for c, prints in found[number] if prints == 0]
            chosen += unprinted or [found[number][-1][0]]
        return chosen

    def views(self, ids: Sequence[uuid.UUID]) -> list[IssuedCertificate]:
        """The certificates to print, in the order asked, with their photos."""
        return read_certificates(self.db, ids=ids, photos=True)

    def newest(self, limit: int = 1000) -> list[IssuedCertificate]:
        """The latest issued first, as the certificates page lists them."""
        return read_certificates(self.db, newest_first=True, limit=limit)

    def numbered(self, number: str) -> IssuedCertificate | None:
        """The certificate numbered `number` held here, if any: what a clerk who typed
        the number into the scan box means."""
        with self.db.reader() as session:
            found = session.scalar(select(Certificate.id).where(Certificate.number == number))
        return self.views([found])[0] if found is not None else None

    def listed(self, quarter: date | None = None) -> list[IssuedCertificate]:
        """Of one review quarter or all, in number order: the register and the
        public-notice list."""
        return read_certificates(self.db, quarter=quarter)

    def print_to(
        self,
        actor: Actor,
        ids: Sequence[uuid.UUID],
        out: Path,
        render: Callable[[list[IssuedCertificate], Path], None],
        reprint_reason: str = "",
    ) -> PrintResult:
        """Render the certificates into `out` and count the prints. A certificate
        printed before needs a reason, which goes to the audit log with the count.
        The file appears under its name only when the counts are recorded."""
        require_role(actor, PRINTERS, "certificate.print")
        if not ids:
            raise NcmsError("certificate.nothing_to_print")
        views = self.views(ids)
        _require_reason(views, reprint_reason)  # before any drawing
        partial = out.with_name(out.name + ".part")
        try:
            render(views, partial)
            self.record_prints(actor, views, reprint_reason.strip())
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        return PrintResult(out, [v.number for v in views])

    def record_prints(self, actor: Actor, views: Sequence[IssuedCertificate], reason: str) -> None:
        """Count one print of each (after the pages went out); a reprint's reason
        goes to the audit log with the count."""
        require_role(actor, PRINTERS, "certificate.print")
        _require_reason(views, reason)
        at = utcnow()
        with self.db.session() as session:
            for view in views:
                certificate = session.get(Certificate, view.id)
                assert certificate is not None
                certificate.print_count += 1
                certificate.last_printed_at = at
                reprint = view.print_count > 0
                audit.record(
                    session,
                    actor,
                    "certificate.reprint" if reprint else "certificate.print",
                    "certificate",
                    certificate.id,
                    before={"print_count": view.print_count},
                    after={"print_count": certificate.print_count, "reason": reason}
                    if reprint
                    else {"print_count": certificate.print_count},
                )


def _revoked(checked: Verification, revoked_on: date | None) -> Verification:
    if revoked_on is None:
        return checked
    return dataclasses.replace(checked, verdict=Verdict.REVOKED, revoked_on=revoked_on)


def _require_reason(views: Sequence[IssuedCertificate], reason: str) -> None:
    """Printing a certificate again needs a reason, whoever asks for the print; a
    revoked one (the county's word, arrived with a package) is never printed."""
    revoked = [v.number for v in views if v.revoked_on is not None]
    if revoked:
        raise NcmsError("certificate.revoked_not_printed", numbers=", ".join(revoked))
    again = [v.number for v in views if v.print_count > 0]
    if again and not reason.strip():
        raise ValidationError(
            [Problem("reprint_reason", "certificate.reprint_reason", {"numbers": ", ".join(again)})]
        )


def describe(checked: Verification) -> str:
    """One line for a checked certificate code, as the CLI prints and the window shows."""
    data = checked.data
    if data is None:
        return t(f"certificate.verdict.{checked.verdict.value}", number="?", name="?")
    until = data.valid_until.isoformat() if data.valid_until else t("certificate.permanent")
    line = t(
        f"certificate.verdict.{checked.verdict.value}",
        revoked_on=checked.revoked_on.isoformat() if checked.revoked_on else "",
        number=data.number,
        name=data.name,
        county=data.county,
        valid_from=data.valid_from.isoformat(),
        valid_until=until,
    )
    # Only a genuine seal's mark counts: a forged text could claim anything.
    genuine = checked.verdict not in (Verdict.TAMPERED, Verdict.UNKNOWN_ISSUER)
    if data.training and genuine:
        line = t("certificate.training", verdict=line)
    if not genuine or checked.live:
        return line
    return f"{line}\n{_list_age(checked)}"


def _list_age(checked: Verification) -> str:
    """How far the answer can be trusted: the revocation list it rests on, and its age."""
    if checked.list_sequence is None or checked.list_issued_at is None:
        return t("revocations.none_held")
    issued = checked.list_issued_at.astimezone()
    days = max((datetime.now(issued.tzinfo) - issued).days, 0)
    return t(
        "revocations.age",
        sequence=checked.list_sequence,
        issued=issued.strftime("%Y-%m-%d %H:%M"),
        days=days,
    )
