from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from app.blobs.intake import MAX_BYTES, check_not_too_large, prepare_document, prepare_photo
from app.errors import DocumentRefused


def _jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for i in range(pages):
        pdf.drawString(100, 700, f"page {i + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_large_photo_is_scaled_to_2000_and_made_jpeg() -> None:
    prepared = prepare_document("scan.jpg", _jpeg(4000, 3000))
    assert (prepared.width, prepared.height) == (2000, 1500)
    assert prepared.media_type == "image/jpeg"
    assert Image.open(io.BytesIO(prepared.data)).size == (2000, 1500)


def test_exif_orientation_is_applied() -> None:
    # Orientation 6: the camera was held sideways; upright the picture is portrait.
    prepared = prepare_document("phone.jpg", _jpeg(400, 300, orientation=6))
    assert (prepared.width, prepared.height) == (300, 400)


def test_black_and_white_scan_becomes_grayscale_png() -> None:
    out = io.BytesIO()
    Image.new("1", (1000, 1400), 1).save(out, "PNG")
    prepared = prepare_document("page.png", out.getvalue())
    assert prepared.media_type == "image/png"
    assert Image.open(io.BytesIO(prepared.data)).mode == "L"


def test_pdf_is_kept_with_its_page_count() -> None:
    data = _pdf(3)
    prepared = prepare_document("record.pdf", data)
    assert prepared.pages == 3 and prepared.data == data
    assert prepared.media_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.jpg", b"", "the file is empty"),
        ("notes.txt", b"hello, this is text", "not a picture or PDF"),
        ("broken.jpg", _jpeg(300, 300)[:400], "damaged"),
        ("broken.pdf", b"%PDF-1.4\n garbage without any objects", "PDF is damaged"),
    ],
)
def test_bad_files_are_refused_naming_file_and_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(DocumentRefused) as caught:
        prepare_document(name, data)
    assert name in str(caught.value) and reason in str(caught.value)


def test_file_over_30_mb_is_refused() -> None:
    with pytest.raises(DocumentRefused, match=r"big.jpg: 30.0 MB is over the 30 MB limit"):
        prepare_document("big.jpg", b"\xff" * (30 * 1024 * 1024 + 1))
    # exactly 30 MB passes the size check (and then fails as not an image)
    with pytest.raises(DocumentRefused, match="not a picture"):
        prepare_document("big.jpg", b"\x00" * (30 * 1024 * 1024))


def test_the_size_is_checked_before_a_file_is_read() -> None:
    # The window asks with the file's size alone, and hears the same sentence.
    check_not_too_large("big.jpg", MAX_BYTES)
    with pytest.raises(DocumentRefused, match=r"big.jpg: 40.0 MB is over the 30 MB limit"):
        check_not_too_large("big.jpg", 40 * 1024 * 1024)


def test_one_inch_photo_is_295_by_413() -> None:
    prepared = prepare_photo("face.jpg", _jpeg(1200, 900))
    assert (prepared.width, prepared.height) == (295, 413)
    image = Image.open(io.BytesIO(prepared.data))
    assert image.size == (295, 413) and image.info["dpi"] == (300, 300)


def test_photo_crop_frame_is_used_and_checked() -> None:
    data = _jpeg(1000, 1000)
    assert prepare_photo("face.jpg", data, crop=(100, 100, 395, 513)).width == 295
    with pytest.raises(DocumentRefused, match="crop frame"):
        prepare_photo("face.jpg", data, crop=(900, 900, 1200, 1300))
    with pytest.raises(DocumentRefused, match="not a PDF"):
        prepare_photo("face.pdf", _pdf(1))
