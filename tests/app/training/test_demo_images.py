"""The demo's document images: real images of the size each kind is captured at,
prepared by the same intake as a camera's, and different per variant."""

from __future__ import annotations

import io

from PIL import Image

from app.blobs.intake import PHOTO_SIZE
from app.blobs.store import sha256_hex
from app.training.demo_images import demo_documents

# What each kind is: the format the intake chose for it, and its size.
EXPECTED = {
    "photo": ("JPEG", PHOTO_SIZE),  # colour, cut to the 1-inch photo
    "id_front": ("JPEG", (856, 540)),  # a colour scan of the card
    "id_back": ("JPEG", (856, 540)),
    "medical_record": ("PNG", (1240, 1754)),  # grayscale line art: an A4 page at 150 dpi
    "exam_report": ("PNG", (1240, 1754)),
}


def test_every_image_opens_as_what_it_says_it_is() -> None:
    documents = demo_documents()
    assert set(documents) == set(EXPECTED)
    for kind, prepared in documents.items():
        assert prepared, kind
        image_format, size = EXPECTED[kind]
        for document in prepared:
            image = Image.open(io.BytesIO(document.data))
            image.load()  # the whole image decodes, not only its header
            assert (image.format, image.size) == (image_format, size), kind
            assert document.media_type == f"image/{image_format.lower()}"
            assert (document.width, document.height, document.pages) == (*size, 1)
            assert document.sha256 == sha256_hex(document.data)


def test_the_images_are_the_same_for_the_same_seed() -> None:
    def data(seed: int) -> dict[str, list[bytes]]:
        return {k: [d.data for d in v] for k, v in demo_documents(seed).items()}

    assert data(7) == data(7)
    assert data(7)["photo"] != data(8)["photo"]  # the seed draws the faces


def test_variants_share_no_image() -> None:
    # A county that holds the blobs of one variant must not be taken to hold the other's.
    first, second = demo_documents(variant=0), demo_documents(variant=1)
    ours = {d.sha256 for group in first.values() for d in group}
    theirs = {d.sha256 for group in second.values() for d in group}
    assert ours.isdisjoint(theirs)
    assert len(ours) == sum(len(group) for group in first.values())  # and none repeats
