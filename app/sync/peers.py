"""Trusting the other side: a station trusts its own county; a county trusts the
stations of its county. A changed key for a known code is refused until the old
one is revoked, so a forged identity file cannot quietly replace a real one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Peer
from app.db.types import utcnow
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import Role
from app.errors import NcmsError
from app.security import audit, sync_tokens
from app.security.actor import Actor, require_role
from app.security.secrets import SecretStore
from app.sync.identity import PublicIdentity

ADMINS = (Role.ADMIN, Role.COUNTY_ADMIN)


@dataclass(frozen=True)
class PeerInfo:
    code: str
    role: str
    name: str
    fingerprint: str
    added_at: datetime
    revoked_at: datetime | None


def own_identity(db: Database) -> PublicIdentity:
    me = db.installation()
    return PublicIdentity(
        me.role, me.code, me.name, me.county_code, me.signing_public_key, me.age_recipient
    )


def _info(peer: Peer) -> PeerInfo:
    identity = PublicIdentity(
        peer.role,
        peer.code,
        peer.name,
        peer.county_code,
        peer.signing_public_key,
        peer.age_recipient,
    )
    return PeerInfo(
        peer.code, peer.role, peer.name, identity.fingerprint, peer.added_at, peer.revoked_at
    )


class PeerService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, actor: Actor, identity: PublicIdentity) -> tuple[PeerInfo, bool]:
        """Trust `identity`; (info, False) if exactly this identity was trusted already."""
        require_role(actor, ADMINS, "peers.add")
        me = self.db.installation()
        if identity.code == me.code:
            raise NcmsError("peers.is_self", code=identity.code)
        if me.role == InstallationRole.STATION and (
            identity.role != InstallationRole.COUNTY or identity.code != me.county_code
        ):
            raise NcmsError("peers.not_our_county", code=identity.code, county=me.county_code)
        if me.role == InstallationRole.COUNTY and (
            identity.role != InstallationRole.STATION or identity.county_code != me.code
        ):
            raise NcmsError("peers.not_our_station", code=identity.code, county=me.code)
        with self.db.session() as session:
            peer = session.get(Peer, identity.code)
            if peer is not None and peer.revoked_at is None:
                if peer.signing_public_key == identity.signing_public_key and (
                    peer.age_recipient == identity.age_recipient
                ):
                    return _info(peer), False
                raise NcmsError("peers.key_changed", code=identity.code)
            before = None if peer is None else {"revoked_at": peer.revoked_at}
            if peer is None:
                peer = Peer(code=identity.code)
                session.add(peer)
            peer.role, peer.name, peer.county_code = (
                identity.role,
                identity.name,
                identity.county_code,
            )
            peer.signing_public_key = identity.signing_public_key
            peer.age_recipient = identity.age_recipient
            peer.added_at, peer.revoked_at = utcnow(), None
            session.flush()
            audit.record(
                session,
                actor,
                "peer.trust",
                "peer",
                identity.code,
                before=before,
                after={"role": identity.role, "fingerprint": identity.fingerprint},
            )
            return _info(peer), True

    def revoke(self, actor: Actor, code: str) -> PeerInfo:
        require_role(actor, ADMINS, "peers.revoke")
        with self.db.session() as session:
            peer = session.get(Peer, code)
            if peer is None:
                raise NcmsError("peers.unknown", code=code)
            if peer.revoked_at is None:
                peer.revoked_at = utcnow()
                # Its token dies with the trust: trusting the station again later
                # must not bring back a token that may have leaked meanwhile.
                peer.sync_token_sha256 = None
                audit.record(session, actor, "peer.revoke", "peer", code)
            return _info(peer)

    def list(self) -> list[PeerInfo]:
        with self.db.reader() as session:
            return [_info(p) for p in session.scalars(select(Peer).order_by(Peer.code))]

    def trusted(self, code: str) -> PeerInfo | None:
        """The peer whose packages may be accepted (None: unknown or revoked)."""
        with self.db.reader() as session:
            peer = session.get(Peer, code)
            return _info(peer) if peer is not None and peer.revoked_at is None else None

    def issue_token(self, actor: Actor, code: str, secrets: SecretStore) -> str:
        """County: a new sync token for trusted station `code`, to be shown once; the
        old one stops working. Only its digest is kept (see sync_tokens.digest)."""
        require_role(actor, ADMINS, "peers.token")
        peer = self.trusted(code)
        if (
            self.db.installation().role != InstallationRole.COUNTY
            or peer is None
            or peer.role != InstallationRole.STATION
        ):
            raise NcmsError("sync.token_needs_station", code=code)
        token = sync_tokens.new_token()
        with self.db.session() as session:
            row = session.get(Peer, code)
            assert row is not None  # trusted() just found it
            row.sync_token_sha256 = sync_tokens.digest(token)
            audit.record(session, actor, "peer.token_issued", "peer", code)
        secrets.delete(sync_tokens.county_key(code))  # an earlier release's whole copy
        return token

    def token_digests(self) -> dict[str, str]:
        """County: station code → digest of its token, for trusted stations that have one."""
        with self.db.reader() as session:
            rows = session.execute(
                select(Peer.code, Peer.sync_token_sha256).where(
                    Peer.role == InstallationRole.STATION,
                    Peer.revoked_at.is_(None),
                    Peer.sync_token_sha256.is_not(None),
                )
            ).all()
        return {code: digest for code, digest in rows if digest}

    def adopt_stored_tokens(self, actor: Actor, secrets: SecretStore) -> tuple[str, ...]:
        """County: tokens an earlier release kept whole in the secret store become
        digests in the database and leave the store, so that stations keep their
        tokens across the upgrade. Each read of an encrypted-file store costs about a
        second, so this runs once, when the sync service starts; returns the codes."""
        with self.db.reader() as session:
            codes = session.scalars(
                select(Peer.code).where(
                    Peer.role == InstallationRole.STATION,
                    Peer.revoked_at.is_(None),
                    Peer.sync_token_sha256.is_(None),
                )
            ).all()
        return tuple(code for code in codes if self._adopt_stored_token(actor, code, secrets))

    def _adopt_stored_token(self, actor: Actor, code: str, secrets: SecretStore) -> bool:
        token = secrets.get(sync_tokens.county_key(code))
        if not token:
            return False
        with self.db.session() as session:
            peer = session.get(Peer, code)
            if peer is not None and peer.sync_token_sha256 is None:  # none issued since
                peer.sync_token_sha256 = sync_tokens.digest(token)
                audit.record(session, actor, "peer.token_digested", "peer", code)
        secrets.delete(sync_tokens.county_key(code))  # only once the digest is stored
        return True

    def store_county_token(self, actor: Actor, typed: str, secrets: SecretStore) -> None:
        """Station: keep the token the county issued (as typed: case and dashes free)."""
        require_role(actor, ADMINS, "peers.token")
        me = self.db.installation()
        if me.role != InstallationRole.STATION:
            raise NcmsError("sync.token_county_usage")
        secrets.set(sync_tokens.STATION_KEY, sync_tokens.normalise(typed))
        with self.db.session() as session:
            audit.record(session, actor, "peer.token_stored", "peer", me.county_code)
