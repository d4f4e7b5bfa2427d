"""The few synthetic document images the demo reuses (the blob store dedups them)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from app.blobs.intake import PreparedDocument, prepare_document, prepare_photo


def _png(image: Image.Image, variant: int = 0) -> bytes:
    # A small mark per variant: pools that must not share blobs differ by it.
    ImageDraw.Draw(image).rectangle((4 + 12 * variant, 4, 12 + 12 * variant, 12), fill=0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _portrait(rng: random.Random, variant: int) -> bytes:
    image = Image.new("RGB", (600, 840), (67, 142, 219))  # the blue background asked for
    draw = ImageDraw.Draw(image)
    skin = (rng.randint(200, 235), rng.randint(160, 195), rng.randint(130, 160))
    draw.rectangle((120, 640, 480, 840), fill=(40, 40, 50))  # shoulders
    draw.ellipse((190, 180, 410, 470), fill=skin)  # face
    draw.ellipse((185, 140, 415, 300), fill=(30, 30, 30))  # hair
    draw.ellipse((240, 300, 270, 320), fill=(20, 20, 20))
    draw.ellipse((330, 300, 360, 320), fill=(20, 20, 20))
    draw.rectangle((270, 470, 330, 560), fill=skin)  # neck
    return _png(image, variant)


def _card(color: tuple[int, int, int], variant: int) -> bytes:
    image = Image.new("RGB", (856, 540), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 846, 530), 30, outline=color, width=6)
    for row in range(6):
        draw.rectangle((60, 80 + row * 60, 500, 100 + row * 60), fill=(150, 150, 150))
    draw.rectangle((600, 90, 790, 330), fill=color)
    return _png(image, variant)


def _page(lines: int, variant: int) -> bytes:
    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi, grayscale line art
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 90, 1140, 150), fill=40)
    for row in range(lines):
        width = 900 if row % 5 else 600
        draw.rectangle((120, 220 + row * 45, 120 + width, 232 + row * 45), fill=90)
    return _png(image, variant)


def demo_documents(seed: int = 7, variant: int = 0) -> dict[str, list[PreparedDocument]]:
    """Prepared images by document kind, through the same intake as real captures."""
    rng = random.Random(seed)
    v = variant
    return {
        "photo": [prepare_photo(f"photo{i}.png", _portrait(rng, v)) for i in range(3)],
        "id_front": [prepare_document("id_front.png", _card((200, 60, 60), v))],
        "id_back": [prepare_document("id_back.png", _card((60, 60, 200), v))],
        "medical_record": [
            prepare_document(f"record{i}.png", _page(20 + 5 * i, v)) for i in range(2)
        ],
        "exam_report": [prepare_document("report.png", _page(12, v))],
    }
