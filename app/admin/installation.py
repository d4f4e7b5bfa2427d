"""Creating an installation (`ncms init`) and its keys."""

from __future__ import annotations

import base64
import contextlib
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from app.blobs.store import fsync_dir
from app.db.database import Database, open_database
from app.db.models import Installation, User
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import Role
from app.errors import Problem, StorageError, ValidationError
from app.intake.catalogue import RULES_KEY, bundled_catalogue, install_catalogue
from app.paths import DataPaths, private_dir, private_file
from app.security import audit
from app.security.actor import Actor
from app.security.keys import AGE_IDENTITY, SIGNING_KEY, signing_key
from app.security.passwords import check_strength, hash_password
from app.security.secrets import SecretStore, open_secret_store, open_training_store

# The public half of the recovery key, in Installation.settings; backups are
# encrypted to it. The private half is printed once and never stored here.
RECOVERY_RECIPIENT = "recovery_recipient"
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,19}$")


@dataclass(frozen=True)
class InitRequest:
    role: str  # station | county
    code: str
    name: str
    county_code: str
    admin_password: str


def _validate(req: InitRequest) -> None:
    problems = []
    if req.role not in tuple(InstallationRole):
        problems.append(Problem("role", "init.bad_role", {"role": req.role}))
    for field, value in (("code", req.code), ("county", req.county_code)):
        if not _CODE.match(value or ""):
            problems.append(Problem(field, "init.bad_code", {"code": value}))
    if not req.name.strip():
        problems.append(Problem("name", "init.name_empty"))
    try:
        check_strength(req.admin_password, "admin_password")
    except ValidationError as err:
        problems.extend(err.problems)
    if problems:
        raise ValidationError(problems)


def _already_initialised(paths: DataPaths, db_url: str | None) -> bool:
    if db_url is None:
        return paths.database.exists()
    try:
        db = open_database(paths, db_url)
    except StorageError:
        return False
    try:
        with db.reader() as session:
            return session.execute(select(Installation)).first() is not None
    finally:
        db.close()


# What a data directory may hold and still count as empty for `init`: logs of an
# earlier failed attempt, its staging folder, and the encrypted secret file a kill
# between the two final renames can leave without its database.
_STAGING_PREFIX = ".ncms-init-"


def _leftover(entry: Path, db_url: str | None) -> bool:
    if entry.name == "logs" or entry.name.startswith(_STAGING_PREFIX):
        return True
    return db_url is None and entry == DataPaths(entry.parent).keyring_file


def _refuse_unless_empty(paths: DataPaths, db_url: str | None) -> None:
    where = str(paths.root) if db_url is None else db_url
    if _already_initialised(paths, db_url):
        raise StorageError("init.already", path=where)
    if not paths.root.exists():
        return
    if not paths.root.is_dir():
        raise StorageError("init.not_a_directory", path=str(paths.root))
    data = sorted(e.name for e in paths.root.iterdir() if not _leftover(e, db_url))
    if data:
        # A pre-restore copy, blobs or a database of another kind: `init` would put
        # new keys beside someone's data. Restore or choose another directory.
        raise StorageError("init.not_empty", path=str(paths.root), found=", ".join(data[:3]))


def initialise(
    paths: DataPaths,
    db_url: str | None,
    req: InitRequest,
    open_secrets: Callable[[Path, str], SecretStore],
) -> Installation:
    """Create database, keys and the admin account; refuse if already done.

    Everything is made in a staging folder inside the data directory and moved
    into place at the end (the database last, since its presence is what
    "initialised" means): a failed or killed `init` leaves no half-made
    installation, and the next attempt starts exactly as the first did.
    """
    _validate(req)
    _refuse_unless_empty(paths, db_url)
    made_root = not paths.root.exists()
    private_dir(paths.root)
    for entry in paths.root.glob(_STAGING_PREFIX + "*"):
        shutil.rmtree(entry, ignore_errors=True)
    staging = DataPaths(Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=paths.root)))
    installation_id = uuid.uuid4()
    secrets: SecretStore | None = None
    try:
        secrets = open_secrets(staging.root, str(installation_id))
        db = open_database(staging, db_url, create=True)
        try:
            _create(db, req, installation_id, secrets)
            installation = db.installation()
        finally:
            db.close()
        if staging.keyring_file.exists():
            staging.keyring_file.replace(paths.keyring_file)
        if db_url is None:
            private_file(staging.database)
            staging.database.replace(paths.database)
            fsync_dir(paths.root)
    except BaseException:
        if secrets is not None:
            for key in (SIGNING_KEY, AGE_IDENTITY):
                with contextlib.suppress(Exception):
                    secrets.delete(key)
        if made_root:
            shutil.rmtree(paths.root, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging.root, ignore_errors=True)
    return installation


def _create(
    db: Database, req: InitRequest, installation_id: uuid.UUID, secrets: SecretStore
) -> None:
    signing = Ed25519PrivateKey.generate()
    age_identity = pyrage.x25519.Identity.generate()
    public_raw = signing.public_key().public_bytes_raw()
    catalogue = bundled_catalogue()
    with db.session() as session:
        installation = Installation(
            id=installation_id,
            role=req.role,
            code=req.code,
            name=req.name.strip(),
            county_code=req.county_code if req.role == InstallationRole.STATION else req.code,
            signing_public_key=base64.b64encode(public_raw).decode(),
            age_recipient=str(age_identity.to_public()),
            settings={RULES_KEY: catalogue["rules"]},
        )
        session.add(installation)
        session.flush()
        install_catalogue(session, catalogue)
        admin = User(
            username="admin",
            display_name="Administrator",
            role=Role.ADMIN.value,
            password_hash=hash_password(req.admin_password),
        )
        session.add(admin)
        session.flush()
        actor = Actor.command_line()
        audit.record(
            session,
            actor,
            "installation.create",
            "installation",
            installation.id,
            after={"role": req.role, "code": req.code, "name": installation.name},
        )
        audit.record(
            session,
            actor,
            "user.create",
            "user",
            admin.id,
            after={"username": "admin", "role": Role.ADMIN.value},
        )
        # Secrets last: if the commit fails, `initialise` deletes them again.
        secrets.set(SIGNING_KEY, base64.b64encode(signing.private_bytes_raw()).decode())
        secrets.set(AGE_IDENTITY, str(age_identity))


def new_recovery_identity() -> str:
    """A new recovery key: shown once, printed for the safe, never stored here."""
    return str(pyrage.x25519.Identity.generate())


def use_recovery_key(db: Database, actor: Actor, identity: str) -> None:
    """Encrypt backups from now on to `identity`'s recipient as well (older backups
    still need the key they were made with). Only the public half is kept."""
    recipient = str(pyrage.x25519.Identity.from_str(identity).to_public())
    with db.session() as session:
        installation = session.scalars(select(Installation)).one()
        before = installation.settings.get(RECOVERY_RECIPIENT)
        installation.settings = {**installation.settings, RECOVERY_RECIPIENT: recipient}
        audit.record(
            session,
            actor,
            "installation.recovery_key",
            "installation",
            installation.id,
            before={"recovery_recipient": before},
            after={"recovery_recipient": recipient},
        )


def record_age_identity_export(db: Database, admin: Actor) -> None:
    """Audit that `admin` took the private age identity out of the secret store:
    it opens every package sent here and every backup."""
    installation = db.installation().id
    with db.session() as session:
        audit.record(session, admin, "keys.age_identity_export", "installation", installation)


def stored_secrets(db: Database) -> SecretStore:
    """This installation's secret store, which `init` made: never a new empty one."""
    me = db.installation()
    if me.training:
        return open_training_store(db.paths.root, str(me.id))
    return open_secret_store(db.paths.root, str(me.id), create=False)


def check_keys(db: Database, secrets: SecretStore) -> list[str]:
    """Problems with this installation's keys (missing, or not matching the database)."""
    installation = db.installation()
    problems = []
    try:
        public = signing_key(secrets).public_key().public_bytes_raw()
        if base64.b64encode(public).decode() != installation.signing_public_key:
            problems.append("the signing key in the secret store does not match this database")
    except StorageError as err:
        problems.append(str(err))
    age = secrets.get(AGE_IDENTITY)
    if age is None:
        problems.append("the age identity is missing from the secret store")
    elif str(pyrage.x25519.Identity.from_str(age).to_public()) != installation.age_recipient:
        problems.append("the age identity in the secret store does not match this database")
    return problems
