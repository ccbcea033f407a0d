"""Speakers' own photos, checked and redrawn without metadata (see `home.images`):
JPEG, PNG or WebP, at most 5 MB, 400 to 6000 pixels a side, stored at most
1200 pixels a side in the format uploaded."""

from home.images import ImageRules, redraw_image

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PHOTO = ImageRules(
    code="photo",
    max_bytes=MAX_UPLOAD_BYTES,
    min_side=400,
    max_side=6000,
    max_pixels=36_000_000,
    fit=(1200, 1200),
)


def process_photo(upload):
    """`upload` redrawn (a `home.images.RedrawnImage`), or ValidationError."""
    return redraw_image(upload, PHOTO)
