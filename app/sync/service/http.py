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
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from email.utils import formatdate
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app.sync.service.desk import CountyDesk
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


class _Writers:
    """Per upload: a lock held by the request writing it, and a way to ask that
    request to stop. A station whose link broke comes back (HEAD, then PATCH) while
    the old request may still be writing what reached the county before the break,
    or may hang on a dead link: the newcomer waits a moment for the first, so that
    every byte that arrived is counted, then asks it to stop."""

    GRACE = 1.0  # seconds: draining what arrived takes milliseconds; a dead link, forever

    def __init__(self) -> None:
        self.locks: dict[str, asyncio.Lock] = {}
        self.stops: dict[str, asyncio.Event] = {}

    @contextlib.asynccontextmanager
    async def exclusive(self, upload_id: str) -> AsyncIterator[asyncio.Event]:
        """Hold the upload alone; yields the event that asks *this* holder to stop."""
        lock = self.locks.setdefault(upload_id, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), self.GRACE)
        except TimeoutError:
            previous = self.stops.get(upload_id)
            if previous is not None:
                previous.set()
            await lock.acquire()
        stop = asyncio.Event()
        self.stops[upload_id] = stop
        try:
            yield stop
        finally:
            if self.stops.get(upload_id) is stop:
                del self.stops[upload_id]
            lock.release()


async def _body(request: Request, stop: asyncio.Event, idle: float) -> AsyncIterator[bytes]:
    """The request body as it arrives, until it ends, the client goes, nothing comes
    for `idle` seconds, or a newer request for the same upload takes over."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        while True:
            receiving = asyncio.ensure_future(request.receive())
            done, _ = await asyncio.wait(
                {receiving, stopped}, timeout=idle, return_when=asyncio.FIRST_COMPLETED
            )
            if stopped in done or receiving not in done:
                receiving.cancel()  # taken over, or silent too long
                return
            message = receiving.result()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return
    finally:
        stopped.cancel()


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


def create_app(desk: CountyDesk, sweep_every: float = 600.0) -> Starlette:
    writers = _Writers()
    imports: dict[str, asyncio.Task[Any]] = {}
    limits = desk.limits
    failed = FailedAttempts(limits.auth_failures, limits.auth_window)

    def expires() -> str:
        # Any activity keeps an upload: it expires this long after the last one.
        return formatdate(time.time() + limits.stale_after, usegmt=True)

    def start_import(upload_id: str) -> None:
        if upload_id in imports:
            return

        async def run() -> None:
            try:
                await asyncio.to_thread(desk.import_upload, upload_id)
            except Exception:
                # Left waiting: the next sweep or the station's next question retries.
                failure("upload.import_failed", upload=upload_id)
            finally:
                imports.pop(upload_id, None)

        imports[upload_id] = asyncio.ensure_future(run())

    def import_state(upload_id: str) -> dict[str, Any] | None:
        result = desk.uploads.result(upload_id)
        if result is None and desk.uploads.is_complete(upload_id):
            start_import(upload_id)
        return result

    def authenticated(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """401 for an unknown token (429 once an address has sent too many), 412 for
        another tus version: before any disk use."""

        async def endpoint(request: Request) -> Response:
            remote = client_group(_remote(request) or "")
            authorization = request.headers.get("authorization")
            # A good token first (a digest and a dict lookup): a station sharing an
            # address with someone guessing is never held off by them.
            station = desk.station_for(authorization)
            if station is None:
                wait = failed.retry_after(remote, time.monotonic())
                if wait is not None:
                    return _plain(
                        429,
                        "too many unknown tokens from this address; try again later",
                        **{"Retry-After": str(math.ceil(wait))},
                    )
            if station is None and await asyncio.to_thread(desk.refresh_tokens):
                station = desk.station_for(authorization)
            if station is None:
                failed.record(remote, time.monotonic())
                event("auth.refused", path=request.url.path, remote=remote)
                return _plain(
                    401, "unknown or missing station token", **{"WWW-Authenticate": "Bearer"}
                )
            if request.headers.get("tus-resumable", TUS_VERSION) != TUS_VERSION:
                return _plain(412, "unsupported tus version", **{"Tus-Version": TUS_VERSION})
            try:
                return await handler(request, station)
            except Exception:
                # Logged by type and place; the station sees a plain 500 and retries.
                failure("request.failed", path=request.url.path, station=station)
                return _plain(500, "internal error; try again later")

        return endpoint

    def own_upload(request: Request, station: str) -> UploadInfo | None:
        try:
            info = desk.uploads.info(request.path_params["upload_id"])
        except (UnknownUpload, OSError, ValueError):
            return None
        # Another station's upload is as good as missing: ids reveal nothing.
        return info if info.station == station else None

    async def options(request: Request) -> Response:
        return Response(
            status_code=204,
            headers={
                "Tus-Resumable": TUS_VERSION,
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": "creation,expiration",
                "Tus-Max-Size": str(limits.max_size),
            },
        )

    async def create(request: Request, station: str) -> Response:
        if request.headers.get("upload-defer-length"):
            return _plain(400, "Upload-Defer-Length is not supported")
        length = _int_header(request, "upload-length")
        if length is None:
            return _plain(400, "Upload-Length is missing or not a plain non-negative integer")
        metadata = _metadata(request.headers.get("upload-metadata"))
        filename, sha256 = metadata.get("filename", ""), metadata.get("sha256", "")
        # The same package again from a client whose answer got lost: the same upload,
        # with where it stands, rather than a second one left to expire.
        earlier = desk.uploads.same_unfinished(station, length, sha256)
        if earlier is not None:
            return _plain(
                201,
                "resumed",
                Location=str(request.url_for("upload", upload_id=earlier.id)),
                **{"Upload-Offset": str(desk.uploads.offset(earlier.id))},
            )
        try:
            info = await asyncio.to_thread(desk.uploads.create, station, length, filename, sha256)
        except TooLarge:
            return _plain(413, f"over the maximum size of {limits.max_size} bytes")
        except TooManyUploads:
            return _plain(
                429, "too many unfinished uploads from this station", **{"Retry-After": "600"}
            )
        except NoRoom:
            event("upload.disk_full", logging.WARNING, station=station, bytes=length)
            return _plain(507, "not enough disk space at the county for this upload")
        event("upload.created", station=station, upload=info.id, bytes=length)
        location = str(request.url_for("upload", upload_id=info.id))
        return _plain(201, "created", Location=location, **{"Upload-Expires": expires()})

    async def head(request: Request, station: str) -> Response:
        info = own_upload(request, station)
        if info is None:
            return Response(status_code=404, headers={"Tus-Resumable": TUS_VERSION})
        headers = {
            "Tus-Resumable": TUS_VERSION,
            "Upload-Length": str(info.length),
            "Upload-Expires": expires(),
            "Cache-Control": "no-store",
        }
        async with writers.exclusive(info.id):
            offset = desk.uploads.offset(info.id)  # not while a request still writes
        headers["Upload-Offset"] = str(offset)
        if offset == info.length:
            result = import_state(info.id)
            headers[IMPORT_HEADER] = "pending" if result is None else result["status"]
        return Response(status_code=200, headers=headers)

    async def status(request: Request, station: str) -> Response:
        info = own_upload(request, station)
        if info is None:
            return _plain(404, "no such upload")
        complete = desk.uploads.is_complete(info.id)
        return JSONResponse(
            {
                "offset": desk.uploads.offset(info.id),
                "length": info.length,
                "import": import_state(info.id) if complete else None,
            },
            headers={"Cache-Control": "no-store", "Tus-Resumable": TUS_VERSION},
        )

    async def patch(request: Request, station: str) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != _OCTETS:
            return _plain(415, f"Content-Type must be {_OCTETS}")
        offset = _int_header(request, "upload-offset")
        if offset is None:
            return _plain(400, "Upload-Offset is missing or not a plain non-negative integer")
        info = own_upload(request, station)
        if info is None:
            return _plain(404, "no such upload")
        declared = _int_header(request, "content-length")
        if declared is not None and offset + declared > info.length:
            return _plain(413, f"more than the {info.length} bytes announced")
        async with writers.exclusive(info.id) as stop:
            started = time.monotonic()
            try:
                with desk.uploads.appending(info.id, offset) as appender:
                    async for chunk in _body(request, stop, limits.idle_timeout):
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
            "Upload-Expires": expires(),
        }
        if appender.offset == info.length:
            start_import(info.id)
            headers[IMPORT_HEADER] = "pending"
        return Response(status_code=204, headers=headers)

    async def decisions(request: Request, station: str) -> Response:
        package = await asyncio.to_thread(desk.decisions_for, station)
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

    async def health(request: Request) -> Response:
        def check() -> None:
            with desk.db.reader() as session:
                session.execute(text("SELECT 1"))

        try:
            await asyncio.to_thread(check)
        except Exception:
            failure("health.database")
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "county": desk.code,
                "uploads_open": sum(
                    1 for u in desk.uploads.uploads() if not desk.uploads.is_complete(u.id)
                ),
            }
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncGenerator[None, None]:
        async def sweeping() -> None:
            while True:
                try:
                    await asyncio.to_thread(desk.sweep)
                except Exception:
                    failure("sweep.failed")
                await asyncio.sleep(sweep_every)

        sweeper = asyncio.ensure_future(sweeping())
        event("service.started", county=desk.code, max_size=limits.max_size)
        try:
            yield
        finally:
            sweeper.cancel()
            for task in list(imports.values()):
                with contextlib.suppress(BaseException):
                    await task
            event("service.stopped", county=desk.code)

    upload_methods = {
        method: authenticated(handler)
        for method, handler in (("HEAD", head), ("PATCH", patch), ("GET", status))
    }

    async def upload(request: Request) -> Response:
        return await upload_methods[request.method](request)

    return Starlette(
        routes=[
            Route("/files", options, methods=["OPTIONS"]),
            Route("/files", authenticated(create), methods=["POST"]),
            Route("/files/{upload_id}", upload, methods=["HEAD", "PATCH", "GET"], name="upload"),
            Route("/decisions", authenticated(decisions), methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=[Middleware(_OneBodyLength)],
        lifespan=lifespan,
    )


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None
