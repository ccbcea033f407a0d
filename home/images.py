"""Every picture people upload goes through `redraw_image`: checked, then drawn
afresh, so only clean pixels are ever stored.

Re-encoding through Pillow drops anything that is not pixels (EXIF with GPS
positions, comments, scripts hidden after the image data), and opening with Pillow
refuses SVG and other formats outright. Untrusted bytes can make a decoder fail in
many ways (OSError, SyntaxError from a garbage EXIF chunk, ValueError, struct
errors, decompression bombs), so any failure while reading or redrawing is the same
answer to the person: we could not read it.
"""

import io
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Pillow's names for the formats we accept, and how each is written back out.
ENCODERS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}


@dataclass(frozen=True)
class ImageRules:
    """What one kind of upload accepts. `code` prefixes the ValidationError codes
    (`<code>_too_large`, `_format`, `_dimensions`, `_unreadable`)."""

    code: str
    max_bytes: int
    fit: tuple[int, int]  # redrawn to fit this box
    formats: frozenset = field(default_factory=lambda: frozenset(ENCODERS))
    min_side: int = 1
    max_side: int = 10_000
    max_pixels: int = 40_000_000
    output_format: str | None = None  # None: keep the uploaded format


@dataclass(frozen=True)
class RedrawnImage:
    content: bytes
    extension: str
    width: int
    height: int


def redraw_image(upload, rules):
    """`upload` (a file) checked against `rules` and redrawn without metadata, or
    ValidationError saying what is wrong with it."""
    # Heavy library: loaded only when an image is handled.
    from PIL import Image, ImageOps

    size = getattr(upload, "size", None)
    if size is not None and size > rules.max_bytes:
        raise ValidationError(
            _("The image must be smaller than %(limit)s.")
            % {"limit": filesizeformat(rules.max_bytes)},
            code=f"{rules.code}_too_large",
        )
    try:
        with warnings.catch_warnings():
            # A decompression bomb only warns below twice Pillow's limit; refuse it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                found = image.format
                _check(found, image.size, rules)
                image.load()
                image = ImageOps.exif_transpose(image)
                output_format = rules.output_format or found
                image = _convert(image, output_format)
                image.thumbnail(rules.fit)
                image.info.clear()  # colour profiles and text chunks would be copied
                extension, options = ENCODERS[output_format]
                buffer = io.BytesIO()
                image.save(buffer, format=output_format, **options)
    except ValidationError:
        raise
    except Exception as error:  # any decoder failure means the same to the person
        raise ValidationError(
            _(
                "We could not read this file as an image. Upload a PNG, JPEG or "
                "WebP file."
            ),
            code=f"{rules.code}_unreadable",
        ) from error
    return RedrawnImage(buffer.getvalue(), extension, *image.size)


def _check(found, dimensions, rules):
    if found not in rules.formats:
        raise ValidationError(
            _("Upload a PNG, JPEG or WebP image."), code=f"{rules.code}_format"
        )
    width, height = dimensions
    if min(width, height) < rules.min_side or max(width, height) > rules.max_side:
        raise ValidationError(
            _(
                "The image must be between %(min)s and %(max)s pixels wide and high; "
                "this one is %(width)s × %(height)s."
            )
            % {
                "min": rules.min_side,
                "max": rules.max_side,
                "width": width,
                "height": height,
            },
            code=f"{rules.code}_dimensions",
        )
    if width * height > rules.max_pixels:
        raise ValidationError(
            _("The image is too large: keep it under %(count)s megapixels.")
            % {"count": rules.max_pixels // 1_000_000},
            code=f"{rules.code}_dimensions",
        )


def _convert(image, output_format):
    """Pixels the output format can hold: JPEG has no transparency."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if output_format == "JPEG":
        return image.convert("RGB")
    return image.convert("RGBA" if has_alpha else "RGB")
