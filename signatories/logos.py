"""Check uploaded logos and redraw them, so only clean raster images are ever stored."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MIN_SIDE = 32
MAX_SIDE = 5000
# Stored logos fit in this box; the register shows them far smaller.
STORED_SIZE = (400, 400)
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}


def process_logo(upload):
    """Return `upload` redrawn as a PNG without metadata, or raise ValidationError.

    Re-encoding through Pillow drops anything that is not pixels (EXIF, comments,
    embedded scripts), and opening with Pillow rejects SVG and other formats outright.
    """
    # Heavy library: loaded only when an image is handled.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The logo must be smaller than 2 MB."), code="logo_too_large"
        )
    unreadable = ValidationError(
        _("We could not read this file as an image. Upload a PNG, JPEG or WebP file."),
        code="logo_unreadable",
    )
    try:
        with warnings.catch_warnings():
            # A decompression bomb only warns below twice Pillow's limit; refuse it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("The logo must be a PNG, JPEG or WebP image."),
                    code="logo_format",
                )
            width, height = image.size
            if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
                raise ValidationError(
                    _(
                        "The logo must be between %(min)s and %(max)s pixels wide "
                        "and high; this one is %(width)s × %(height)s."
                    ),
                    code="logo_dimensions",
                    params={
                        "min": MIN_SIDE,
                        "max": MAX_SIDE,
                        "width": width,
                        "height": height,
                    },
                )
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise unreadable from error

    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail(STORED_SIZE)
    image.info.clear()  # colour profiles and text chunks would otherwise be copied
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
