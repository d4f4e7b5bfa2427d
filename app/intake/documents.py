"""The documents of an application as the window shows them: what each one is, its
bytes for the viewer and the thumbnails, and a camera picture kept safe until it is
stored. Attaching a document is the application service's (it ticks the checklist)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Document


@dataclass(frozen=True)
class DocumentInfo:
    id: uuid.UUID
    kind: str
    original_name: str
    media_type: str
    size: int
    sha256: str  # names its bytes in the blob store
    width: int | None  # pixels, of a picture
    height: int | None
    source: str  # camera | scanner | file | demo


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        document.id,
        document.kind,
        document.original_name,
        document.media_type,
        document.size,
        document.blob_sha256,
        document.width,
        document.height,
        document.source,
    )


class DocumentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def of_application(self, application_id: uuid.UUID) -> list[DocumentInfo]:
        """In the order they were captured."""
        with self.db.reader() as session:
            return [
                document_info(d)
                for d in session.scalars(
                    select(Document)
                    .where(Document.application_id == application_id)
                    .order_by(Document.captured_at)
                )
            ]

    def find(self, document_id: uuid.UUID) -> DocumentInfo | None:
        with self.db.reader() as session:
            document = session.get(Document, document_id)
            return document_info(document) if document is not None else None

    def content(self, document: DocumentInfo) -> bytes:
        """The stored bytes (StorageError if the blob is missing)."""
        return self.db.blobs.read(document.sha256)

    def keep_capture(self, data: bytes) -> Path:
        """A camera picture, written under the data directory's capture folder before it
        is stored, so nothing taken is lost if the program stops in between."""
        folder = self.db.paths.root / "captures"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"camera-{uuid.uuid4().hex[:12]}.jpg"
        path.write_bytes(data)
        return path
