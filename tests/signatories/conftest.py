import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from framework.models import Commitment


def image_file(fmt="PNG", size=(120, 80), name=None, **save_kwargs):
    from PIL import Image

    image = Image.new("RGB", size, "#0b6464")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_kwargs)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(
        name or f"logo.{extension}",
        buffer.getvalue(),
        content_type=f"image/{extension}",
    )


def emailed_link(message, path):
    """The first link to `path` in an email's text body, as a path."""
    match = re.search(rf"http://testserver({re.escape(path)}\S+/)", message.body)
    assert match, f"no {path} link in: {message.body}"
    return match.group(1)


@pytest.fixture
def commitments(framework):
    return list(Commitment.objects.all())


@pytest.fixture
def signature(commitments):
    """Keyword arguments for services.submit_signature."""
    return {
        "name": "Fenland Community Energy",
        "organisation_type": "voluntary",
        "district": "fenland",
        "website": "https://fenland-energy.example.org/",
        "pledge": "We will help 500 homes cut their bills.",
        "commitments": commitments[:2],
        "contact_name": "Sam Example",
        "contact_role": "Chair",
        "contact_email": "sam@fenland-energy.example.org",
    }
