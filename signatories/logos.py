"""Uploaded logos, checked and redrawn as PNGs (see `home.images`)."""

from django.core.files.base import ContentFile

from home.images import ImageRules, redraw_image

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LOGO = ImageRules(
    code="logo",
    max_bytes=MAX_UPLOAD_BYTES,
    min_side=32,
    max_side=5000,
    # Stored logos fit in this box; the register shows them far smaller.
    fit=(400, 400),
    output_format="PNG",
)


def process_logo(upload):
    """`upload` redrawn as a PNG without metadata, or ValidationError."""
    return ContentFile(redraw_image(upload, LOGO).content, name="logo.png")
