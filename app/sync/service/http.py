"""The county's sync service over HTTP: tus 1.0 (core + creation + expiration) for
station packages, a decision package per station, and a health check.

    OPTIONS /files            what this server supports (no token needed)
    POST    /files            Upload-Length → 201, Location of the new upload
    HEAD    /files/{id}       Upload-Offset: where the upload stands (the disk's word)
    PATCH   /files/{id}       bytes at Upload-Offset → 204 with the new offset
    GET     /files/{id}       JSON: offset, length, and how its import went
    GET     /decisions        the station's decision package (resumable with Range)
    GET     /health           the service and its database are up (no token needed)

Every other request must carry `Authorization: Bearer <station token>`; without a
known token the answer is 401 before anything touches the disk. Bytes of a PATCH
are written as they arrive, so a connection that breaks keeps what got through. A
newer PATCH on the same upload takes over from one still hanging on a dead link.
Any number of worker processes may serve one county: what they share is on disk
and in the database (`app.sync.service.desk`, `app.sync.service.writers`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import math
import re
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from email.utils import formatdate
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app.domain.vocabulary import ImportStatus
from app.sync.service.desk import TOKEN_REREAD_SECONDS, CountyDesk
from app.sync.service.log import event, failure
from app.sync.service.throttle import FailedAttempts, client_group
from app.sync.service.uploads import (
    NoRoom,
    OffsetMismatch,
    TooLarge,
    TooManyUploads,
    UnknownUpload,
    UploadInfo,
)
from app.sync.service.writers import Writers, body_chunks

TUS_VERSION = "1.0.0"
_OCTETS = "application/offset+octet-stream"
IMPORT_HEADER = "Ncms-Import"  # pending | applied | already | stale | refused

Handler = Callable[[Request, str], Awaitable[Response]]


def _plain(status: int, why: str, **headers: str) -> Response:
    return Response(why + "\n", status, headers={"Tus-Resumable": TUS_VERSION, **headers})


_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() passes "²", which int() refuses
_HUGE = 10**18  # beyond any size or offset here; int() refuses thousands of digits


def _int_header(request: Request, name: str) -> int | None:
    """A header that must be a plain non-negative decimal integer; None if it is not."""
    raw = request.headers.get(name)
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    digits = raw.lstrip("0") or "0"
    return int(digits) if len(digits) < len(str(_HUGE)) else _HUGE


def _metadata(raw: str | None) -> dict[str, str]:
    """tus Upload-Metadata: `key base64value,key2 base64value2`; bad pairs ignored."""
    found: dict[str, str] = {}
    for pair in (raw or "").split(","):
        parts = pair.strip().split(" ")
        if len(parts) == 2:
            with contextlib.suppress(binascii.Error, UnicodeDecodeError):
                found[parts[0]] = base64.b64decode(parts[1], validate=True).decode("utf-8")
    return found


class _OneBodyLength:
    """A request with both Content-Length and Transfer-Encoding is refused (400) and
    its connection closed: two lengths for one body are how a request is smuggled
    past a proxy that reads the other one (RFC 9112 §6.1 allows either answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            names = {name for name, _ in scope["headers"]}
            if b"content-length" in names and b"transfer-encoding" in names:
                refusal = _plain(
                    400, "Content-Length together with Transfer-Encoding", Connection="close"
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SyncApp:
    """The service's state (the desk, who is writing which upload, imports under way,
    failed token checks) and one method per request it answers. `asgi()` gives the
    app for uvicorn; handlers taking a station run behind `_authenticated`."""

    def __init__(self, desk: CountyDesk, sweep_every: float = 600.0) -> None:
        self.desk = desk
        self.limits = desk.limits
        self.sweep_every = sweep_every
        self._writers = Writers(desk.uploads.folder)
        self._imports: dict[str, asyncio.Task[Any]] = {}
        self._failed = FailedAttempts(self.limits.auth_failures, self.limits.auth_window)
        self._upload_methods = {
            "HEAD": self._authenticated(self.head),
            "PATCH": self._authenticated(self.patch),
            "GET": self._authenticated(self.status),
        }

    def asgi(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/files", self.options, methods=["OPTIONS"]),
                Route("/files", self._authenticated(self.create), methods=["POST"]),
                Route(
                    "/files/{upload_id}",
                    self.upload,
                    methods=list(self._upload_methods),
                    name="upload",
                ),
                Route("/decisions", self._authenticated(self.decisions), methods=["GET"]),
                Route("/health", self.health, methods=["GET"]),
            ],
            middleware=[Middleware(_OneBodyLength)],
            lifespan=self.lifespan,
        )

    # -- who is asking -------------------------------------------------------------

    def _authenticated(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """401 for an unknown token (429 once an address has sent too many), 412 for
        another tus version: before any disk use."""

        async def endpoint(request: Request) -> Response:
            station = await self._station(request)
            if isinstance(station, Response):
                return station
            if request.headers.get("tus-resumable", TUS_VERSION) != TUS_VERSION:
                return _plain(412, "unsupported tus version", **{"Tus-Version": TUS_VERSION})
            try:
                return await handler(request, station)
            except Exception:
                # Logged by type and place; the station sees a plain 500 and retries.
                failure("request.failed", path=request.url.path, station=station)
                return _plain(500, "internal error; try again later")

        return endpoint

    async def _station(self, request: Request) -> str | Response:
        """The station whose token the request carries, or the refusal to send."""
        remote = client_group(_remote(request) or "")
        authorization = request.headers.get("authorization")
        # A good token first (a digest and a dict lookup): a station sharing an
        # address with someone guessing is never held off by them.
        station = self.desk.station_for(authorization)
        if station is not None:
            return station
        wait = self._failed.retry_after(remote, time.monotonic())
        if wait is not None:
            return _plain(
                429,
                "too many unknown tokens from this address; try again later",
                **{"Retry-After": str(math.ceil(wait))},
            )
        if await asyncio.to_thread(self.desk.refresh_tokens):
            station = self.desk.station_for(authorization)
            if station is not None:
                return station
        self._failed.record(remote, time.monotonic())
        event("auth.refused", path=request.url.path, remote=remote)
        return _plain(401, "unknown or missing station token", **{"WWW-Authenticate": "Bearer"})

    def _own_upload(self, request: Request, station: str) -> UploadInfo | None:
        try:
            info = self.desk.uploads.info(request.path_params["upload_id"])
        except (UnknownUpload, OSError, ValueError):
            return None
        # Another station's upload is as good as missing: ids reveal nothing.
        return info if info.station == station else None

    # -- imports of whole uploads --------------------------------------------------

    def _expires(self) -> str:
        # Any activity keeps an upload: it expires this long after the last one.
        return formatdate(time.time() + self.limits.stale_after, usegmt=True)

    def _start_import(self, upload_id: str) -> None:
        if upload_id not in self._imports:
            self._imports[upload_id] = asyncio.ensure_future(self._import(upload_id))

    async def _import(self, upload_id: str) -> None:
        try:
            await asyncio.to_thread(self.desk.import_upload, upload_id)
        except Exception:
            # Left waiting: the next sweep or the station's next question retries.
            failure("upload.import_failed", upload=upload_id)
        finally:
            self._imports.pop(upload_id, None)

    def _import_state(self, upload_id: str) -> dict[str, Any] | None:
        result = self.desk.uploads.result(upload_id)
        if result is None and self.desk.uploads.is_complete(upload_id):
            self._start_import(upload_id)
        return result

    # -- tus -----------------------------------------------------------------------

    async def options(self, request: Request) -> Response:
        return Response(
            status_code=204,
            headers={
                "Tus-Resumable": TUS_VERSION,
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": "creation,expiration",
                "Tus-Max-Size": str(self.limits.max_size),
            },
        )

    async def create(self, request: Request, station: str) -> Response:
        if request.headers.get("upload-defer-length"):
            return _plain(400, "Upload-Defer-Length is not supported")
        length = _int_header(request, "upload-length")
        if length is None:
            return _plain(400, "Upload-Length is missing or not a plain non-negative integer")
        metadata = _metadata(request.headers.get("upload-metadata"))
        filename, sha256 = metadata.get("filename", ""), metadata.get("sha256", "")
        uploads = self.desk.uploads
        # The same package again from a client whose answer got lost: the same upload,
        # with where it stands, rather than a second one left to expire.
        earlier = uploads.same_unfinished(station, length, sha256)
        if earlier is not None:
            return _plain(
                201,
                "resumed",
                Location=str(request.url_for("upload", upload_id=earlier.id)),
                **{"Upload-Offset": str(uploads.offset(earlier.id))},
            )
        try:
            info = await asyncio.to_thread(uploads.create, station, length, filename, sha256)
        except TooLarge:
            return _plain(413, f"over the maximum size of {self.limits.max_size} bytes")
        except TooManyUploads:
            return _plain(
                429, "too many unfinished uploads from this station", **{"Retry-After": "600"}
            )
        except NoRoom:
            event("upload.disk_full", logging.WARNING, station=station, bytes=length)
            return _plain(507, "not enough disk space at the county for this upload")
        event("upload.created", station=station, upload=info.id, bytes=length)
        location = str(request.url_for("upload", upload_id=info.id))
        return _plain(201, "created", Location=location, **{"Upload-Expires": self._expires()})

    async def upload(self, request: Request) -> Response:
        """HEAD, PATCH and GET of one upload share its route."""
        return await self._upload_methods[request.method](request)

    async def head(self, request: Request, station: str) -> Response:
        info = self._own_upload(request, station)
        if info is None:
            return Response(status_code=404, headers={"Tus-Resumable": TUS_VERSION})
        headers = {
            "Tus-Resumable": TUS_VERSION,
            "Upload-Length": str(info.length),
            "Upload-Expires": self._expires(),
            "Cache-Control": "no-store",
        }
        async with self._writers.exclusive(info.id):
            offset = self.desk.uploads.offset(info.id)  # not while a request still writes
        headers["Upload-Offset"] = str(offset)
        if offset == info.length:
            result = self._import_state(info.id)
            headers[IMPORT_HEADER] = ImportStatus.PENDING if result is None else result["status"]
        return Response(status_code=200, headers=headers)

    async def status(self, request: Request, station: str) -> Response:
        info = self._own_upload(request, station)
        if info is None:
            return _plain(404, "no such upload")
        complete = self.desk.uploads.is_complete(info.id)
        return JSONResponse(
            {
                "offset": self.desk.uploads.offset(info.id),
                "length": info.length,
                "import": self._import_state(info.id) if complete else None,
            },
            headers={"Cache-Control": "no-store", "Tus-Resumable": TUS_VERSION},
        )

    async def patch(self, request: Request, station: str) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != _OCTETS:
            return _plain(415, f"Content-Type must be {_OCTETS}")
        offset = _int_header(request, "upload-offset")
        if offset is None:
            return _plain(400, "Upload-Offset is missing or not a plain non-negative integer")
        info = self._own_upload(request, station)
        if info is None:
            return _plain(404, "no such upload")
        declared = _int_header(request, "content-length")
        if declared is not None and offset + declared > info.length:
            return _plain(413, f"more than the {info.length} bytes announced")
        async with self._writers.exclusive(info.id) as stop:
            started = time.monotonic()
            try:
                with self.desk.uploads.appending(info.id, offset) as appender:
                    async for chunk in body_chunks(request, stop, self.limits.idle_timeout):
                        appender.write(chunk)
            except OffsetMismatch as err:
                return _plain(409, "offset mismatch", **{"Upload-Offset": str(err.current)})
            except TooLarge:
                return _plain(413, f"more than the {info.length} bytes announced")
        event(
            "upload.received",
            station=station,
            upload=info.id,
            start=offset,
            end=appender.offset,
            length=info.length,
            seconds=round(time.monotonic() - started, 2),
        )
        headers = {
            "Tus-Resumable": TUS_VERSION,
            "Upload-Offset": str(appender.offset),
            "Upload-Expires": self._expires(),
        }
        if appender.offset == info.length:
            self._start_import(info.id)
            headers[IMPORT_HEADER] = "pending"
        return Response(status_code=204, headers=headers)

    # -- decisions and health ------------------------------------------------------

    async def decisions(self, request: Request, station: str) -> Response:
        package = await asyncio.to_thread(self.desk.decisions_for, station)
        return FileResponse(
            package.path,
            media_type="application/octet-stream",
            filename=package.path.name,
            headers={
                "Ncms-Package-Sha256": package.sha256,
                "Ncms-Sequence": str(package.sequence),
                "Cache-Control": "no-store",
            },
        )

    async def health(self, request: Request) -> Response:
        try:
            await asyncio.to_thread(self._database_answers)
        except Exception:
            failure("health.database")
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        uploads = self.desk.uploads
        return JSONResponse(
            {
                "status": "ok",
                "county": self.desk.code,
                "uploads_open": sum(1 for u in uploads.uploads() if not uploads.is_complete(u.id)),
            }
        )

    def _database_answers(self) -> None:
        with self.desk.db.reader() as session:
            session.execute(text("SELECT 1"))

    # -- start and stop ------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncGenerator[None, None]:
        """Sweep while serving; on the way out, let imports under way finish."""
        sweeper = asyncio.ensure_future(self._sweep_forever())
        reader = asyncio.ensure_future(self._read_tokens_forever())
        event("service.started", county=self.desk.code, max_size=self.limits.max_size)
        try:
            yield
        finally:
            sweeper.cancel()
            reader.cancel()
            for task in list(self._imports.values()):
                with contextlib.suppress(BaseException):
                    await task
            event("service.stopped", county=self.desk.code)

    async def _read_tokens_forever(self) -> None:
        """Tokens issued or revoked meanwhile (by `ncms peers token`, the window or
        another worker) hold here within a second or two."""
        failing = False
        while True:
            await asyncio.sleep(TOKEN_REREAD_SECONDS)
            try:
                await asyncio.to_thread(self.desk.refresh_tokens)
            except Exception:
                if not failing:  # once while the database is away, not every second
                    failure("tokens.reread_failed")
                failing = True
            else:
                failing = False

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.desk.sweep)
            except Exception:
                failure("sweep.failed")
            await asyncio.sleep(self.sweep_every)


def create_app(desk: CountyDesk, sweep_every: float = 600.0) -> Starlette:
    """The ASGI app `ncms serve` gives uvicorn."""
    return SyncApp(desk, sweep_every).asgi()


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None
