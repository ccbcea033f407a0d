"""Every upload is read through one helper, which answers any undecodable picture
with the same clear refusal instead of a server error."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from framework.models import Commitment
from home.images import ImageRules, redraw_image
from tests.factories.spotlights import SpotlightIndexPageFactory

RULES = ImageRules(code="image", max_bytes=1024 * 1024, fit=(100, 100))


def _png(**save_kwargs):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG", **save_kwargs)
    return buffer.getvalue()


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _huge_png_header():
    """A valid PNG header claiming 60,000 x 60,000 pixels, with no pixels."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


HOSTILE = {
    "garbage EXIF chunk": _png(exif=b"Exif\x00\x00garbage-not-tiff"),
    "truncated": _png()[:60],
    "empty": b"",
    "SVG": b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
    "script": b"<?php echo 'hi'; ?>",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_as_unreadable(name):
    with pytest.raises(ValidationError) as refusal:
        redraw_image(SimpleUploadedFile("x.png", HOSTILE[name]), RULES)

    assert refusal.value.code == "image_unreadable"
    assert "We could not read this file as an image" in refusal.value.messages[0]


def test_an_image_claiming_billions_of_pixels_is_refused_before_decoding():
    with pytest.raises(ValidationError) as refusal:
        redraw_image(SimpleUploadedFile("x.png", _huge_png_header()), RULES)

    assert refusal.value.code in {"image_dimensions", "image_unreadable"}


def test_a_clean_picture_is_redrawn_without_metadata():
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera Co"  # the camera model
    upload = SimpleUploadedFile("x.png", _png(exif=exif.tobytes()))

    image = redraw_image(upload, RULES)

    assert (image.extension, image.width, image.height) == ("png", 40, 30)
    with Image.open(io.BytesIO(image.content)) as redrawn:
        assert not redrawn.info.get("exif")
    assert b"Secret Camera Co" not in image.content


def test_story_proposal_with_a_garbage_exif_picture_is_a_400(
    client, home_page, framework
):
    SpotlightIndexPageFactory(parent=home_page)
    response = client.post(
        "/stories/propose/",
        {
            "title": "A story",
            "summary": "What happened.",
            "organisation": "Example",
            "commitments": [Commitment.objects.first().pk],
            "contact_name": "Ada",
            "contact_email": "ada@example.org",
            "image": SimpleUploadedFile("x.png", HOSTILE["garbage EXIF chunk"]),
            "image_alt": "A picture.",
        },
    )

    assert response.status_code == 400
    assert "We could not read this file as an image" in response.text
