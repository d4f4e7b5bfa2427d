"""What the window reads of an application's documents: plain rows and their bytes."""

from __future__ import annotations

import uuid
from dataclasses import FrozenInstanceError

import pytest

from app.db.database import Database
from app.errors import StorageError
from app.intake.applications import ApplicationService
from app.intake.documents import DocumentInfo, DocumentService
from tests.app.helpers import CLERK, complete
from tests.app.sync.helpers import png


def test_documents_are_listed_in_capture_order_with_their_bytes(db: Database) -> None:
    service = ApplicationService(db)
    ref = service.save_draft(CLERK, complete())
    photo = service.attach_document(CLERK, ref.id, "photo", "face.png", png(1), source="camera")
    scan = service.attach_document(CLERK, ref.id, "medical_record", "scan.png", png(2))
    documents = DocumentService(db)
    listed = documents.of_application(ref.id)
    assert [(d.id, d.kind, d.original_name) for d in listed] == [
        (photo.id, "photo", "face.png"),
        (scan.id, "medical_record", "scan.png"),
    ]
    assert listed[1].size == scan.size and listed[1].media_type == scan.media_type
    assert documents.content(listed[1]) == db.blobs.read(scan.sha256)
    assert documents.find(photo.id) == listed[0]
    assert documents.find(uuid.uuid4()) is None
    with pytest.raises(FrozenInstanceError):
        listed[0].kind = "other"  # type: ignore[misc]


def test_a_missing_blob_is_a_storage_error(db: Database) -> None:
    gone = DocumentInfo(
        uuid.uuid4(), "other", "x.png", "image/png", 1, "0" * 64, None, None, "file"
    )
    with pytest.raises(StorageError):
        DocumentService(db).content(gone)


def test_a_camera_picture_is_kept_in_the_data_directory(db: Database) -> None:
    path = DocumentService(db).keep_capture(b"jpeg bytes")
    assert path.parent == db.paths.root / "captures" and path.read_bytes() == b"jpeg bytes"
