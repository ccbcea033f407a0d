import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from signatories.logos import MAX_UPLOAD_BYTES, process_logo

from .conftest import image_file


def opened(content_file):
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_png_jpeg_and_webp_are_redrawn_as_png(fmt):
    result = opened(process_logo(image_file(fmt, size=(120, 80))))

    assert result.format == "PNG"
    assert result.size == (120, 80)


def test_large_logos_are_shrunk_to_fit():
    assert opened(process_logo(image_file(size=(2000, 1000)))).size == (400, 200)


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    upload = image_file("JPEG", exif=exif.tobytes())

    result = opened(process_logo(upload))

    assert not result.getexif()
    assert "exif" not in result.info


def test_transparency_survives():
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue())

    assert opened(process_logo(upload)).mode == "RGBA"


def _error(upload):
    with pytest.raises(ValidationError) as caught:
        process_logo(upload)
    return caught.value.code


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert _error(SimpleUploadedFile("logo.svg", svg)) == "logo_unreadable"


def test_other_image_formats_are_refused():
    assert _error(image_file("GIF")) == "logo_format"


def test_truncated_image_is_refused():
    upload = image_file("PNG", size=(200, 200))
    broken = SimpleUploadedFile("logo.png", upload.read()[:120])
    assert _error(broken) == "logo_unreadable"


def test_tiny_and_huge_dimensions_are_refused():
    assert _error(image_file(size=(10, 200))) == "logo_dimensions"
    assert _error(image_file(size=(5001, 40))) == "logo_dimensions"


def test_files_over_the_size_limit_are_refused():
    upload = SimpleUploadedFile("logo.png", b"0" * (MAX_UPLOAD_BYTES + 1))
    assert _error(upload) == "logo_too_large"
