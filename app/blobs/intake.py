"""Checking and normalising a captured file before it is stored.

Images are turned upright by their EXIF orientation and scaled so the long side
is at most 2000 px: JPEG quality 80 for photographs and colour scans, grayscale
PNG for black-and-white line art (sharper and smaller). PDFs are kept as they are
after checking they open. Anything else, empty, corrupt or over 30 MB is refused
with the file's name and the reason, and nothing is stored.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from app.blobs.store import sha256_hex
from app.errors import DocumentRefused

MB = 1024 * 1024
MAX_MB = 30  # the most one captured file may take
MAX_BYTES = MAX_MB * MB
MAX_LONG_SIDE = 2000
JPEG_QUALITY = 80
# A 1-inch photo: 25×35 mm at 300 dpi.
PHOTO_SIZE = (295, 413)
# Refuse decompression bombs before decoding (a 30 MB file can claim gigapixels).
MAX_PIXELS = 120_000_000


@dataclass(frozen=True)
class PreparedDocument:
    data: bytes
    sha256: str
    media_type: str
    pages: int
    width: int | None
    height: int | None


def _refuse(key: str, name: str, **params: object) -> DocumentRefused:
    return DocumentRefused(key, name=name, **params)


def check_not_too_large(name: str, size: int) -> None:
    """Refuse a file over the limit; the window asks before reading it all."""
    if size > MAX_BYTES:
        raise _refuse("document.too_large", name, mb=round(size / MB, 1), max_mb=MAX_MB)


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise _refuse("document.empty", name)
    check_not_too_large(name, size)


def _prepare_pdf(name: str, data: bytes) -> PreparedDocument:
    # Imported here: pypdf costs every command ~25 MB, and only PDFs need it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _refuse("document.corrupt_pdf", name) from None
    if pages < 1:
        raise _refuse("document.corrupt_pdf", name)
    return PreparedDocument(data, sha256_hex(data), "application/pdf", pages, None, None)


def _open_image(name: str, data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise _refuse("document.too_many_pixels", name)
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _refuse("document.too_many_pixels", name) from None
    except UnidentifiedImageError:
        raise _refuse("document.unknown_format", name) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _refuse("document.corrupt_image", name) from None
    return image


def _encode(image: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    if image.mode in ("1", "L", "LA", "I;16"):
        image.convert("L").save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), "image/jpeg"


def prepare_document(name: str, data: bytes) -> PreparedDocument:
    """Validate and normalise one captured file (image or PDF)."""
    _check_size(name, len(data))
    if data.startswith(b"%PDF-"):
        return _prepare_pdf(name, data)
    image = ImageOps.exif_transpose(_open_image(name, data))
    image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    encoded, media_type = _encode(image)
    return PreparedDocument(encoded, sha256_hex(encoded), media_type, 1, image.width, image.height)


def prepare_photo(
    name: str, data: bytes, crop: tuple[int, int, int, int] | None = None
) -> PreparedDocument:
    """The 1-inch photo: cropped to 295:413 (centred unless `crop` = left, top,
    right, bottom in the upright image) and scaled to exactly 295×413."""
    _check_size(name, len(data))
    if data.startswith(b"%PDF-"):
        raise _refuse("document.photo_not_image", name)
    image = ImageOps.exif_transpose(_open_image(name, data)).convert("RGB")
    if crop is not None:
        left, top, right, bottom = crop
        if not (0 <= left < right <= image.width and 0 <= top < bottom <= image.height):
            raise _refuse("document.bad_crop", name)
        image = image.crop(crop)
    image = ImageOps.fit(image, PHOTO_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, dpi=(300, 300))
    encoded = out.getvalue()
    return PreparedDocument(encoded, sha256_hex(encoded), "image/jpeg", 1, *PHOTO_SIZE)
