"""Media on S3-compatible object storage (django-storages), against moto's server
on 127.0.0.1 (`tests/fakes/object_store.py`): uploads, renditions, logos and
documents land in the bucket, never on the local disk, and the bucket stays private.
"""

import io
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from home.demo_images import demo_image
from signatories.models import Signatory
from tests.deploy.production_env import production_env, run_python
from tests.fakes.object_store import media_storage_setting
from tests.signatories.conftest import image_file

pytestmark = pytest.mark.django_db


def _fetch(url):
    """(status, body) of a plain GET, as a browser would make it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _picture_size(content):
    # Pillow is what the site draws with; the test reads the bytes back with it.
    from PIL import Image

    with Image.open(io.BytesIO(content)) as picture:
        return picture.format, picture.size


def _local_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_named_bucket_puts_media_in_object_storage_private_and_signed(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "summit-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://objects.example.org")
    for name in ("AWS_QUERYSTRING_AUTH", "AWS_S3_CUSTOM_DOMAIN"):
        monkeypatch.delenv(name, raising=False)

    storage = media_storage_setting()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "summit-media"
    assert options["endpoint_url"] == "https://objects.example.org"
    assert options["querystring_auth"] is True
    assert options["default_acl"] is None  # the bucket's own: private
    assert options["file_overwrite"] is False


def test_without_a_bucket_media_stay_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)

    storage = media_storage_setting()

    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_production_settings_use_the_bucket(tmp_path, object_store, s3_bucket):
    env = production_env(
        **object_store.environment(s3_bucket),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    script = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "print(default_storage.save('check/hello.txt', ContentFile(b'hi')))\n"
    )

    run_python(script, env, timeout=60)

    assert s3_bucket.object_keys() == ["check/hello.txt"]


def test_an_image_uploaded_in_the_admin_and_its_rendition_live_in_the_bucket(
    admin_client, s3_media, settings
):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Market square", "file": image_file(size=(640, 480), name="sq.png")},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Market square")
    assert (image.width, image.height) == (640, 480)
    assert image.file.name in s3_media.object_keys()

    rendition = image.get_rendition("fill-120x80")

    assert rendition.file.name in s3_media.object_keys()
    assert rendition.url.startswith(object_store_address(settings))
    assert "Signature=" in rendition.url  # a signed, expiring link
    status, content = _fetch(rendition.url)
    assert status == 200
    assert _picture_size(content) == ("PNG", (120, 80))
    assert _fetch(s3_media.plain_url(image.file.name))[0] == 403
    assert _local_files(settings) == []


def test_a_page_showing_an_image_serves_its_rendition_from_the_bucket(
    client, s3_media, settings, site_pages
):
    from home.models import StandardPage

    image = demo_image("Fen skyline", seed=3, width=400, height=300)
    page = site_pages.add_child(
        instance=StandardPage(
            title="Our area",
            slug="our-area",
            body=[
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "alt_text": "The fens"},
                        "caption": "",
                    },
                }
            ],
        )
    )

    html = client.get(page.url).content.decode()

    renditions = list(image.renditions.all())
    assert renditions
    for rendition in renditions:
        assert rendition.url.split("?")[0] in html
        assert rendition.file.name in s3_media.object_keys()
    assert image.file.name.startswith("original_images/demo-fen-skyline")
    assert _local_files(settings) == []


def test_a_signatory_logo_uploaded_on_the_public_form_lands_in_the_bucket(
    client, s3_media, settings, framework, django_capture_on_commit_callbacks
):
    from framework.models import Commitment

    commitment = Commitment.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/signatories/sign/",
            {
                "name": "Ely Growers",
                "organisation_type": "business",
                "district": "east-cambridgeshire",
                "website": "elygrowers.example.org",
                "pledge": "We will grow more food locally.",
                "commitments": [commitment.pk],
                "contact_name": "Alex Example",
                "contact_role": "Director",
                "contact_email": "alex@elygrowers.example.org",
                "authorised": "on",
                "nickname": "",
                "logo": image_file("WEBP", size=(300, 100)),
            },
        )

    assert response.status_code == 302
    signatory = Signatory.objects.get()
    assert signatory.logo.name.startswith("signatories/logos/")
    assert s3_media.object_keys() == [signatory.logo.name]
    assert (signatory.logo_width, signatory.logo_height) == (300, 100)
    assert _picture_size(s3_media.read(signatory.logo.name)) == ("PNG", (300, 100))
    assert _fetch(s3_media.plain_url(signatory.logo.name))[0] == 403
    assert _local_files(settings) == []


def test_two_uploads_with_the_same_name_keep_both_files(s3_media):
    first = default_storage.save("uploads/report.pdf", ContentFile(b"first"))
    second = default_storage.save("uploads/report.pdf", ContentFile(b"second"))

    assert first != second
    assert [s3_media.read(first), s3_media.read(second)] == [b"first", b"second"]


def test_a_document_is_served_through_the_app_and_a_private_one_needs_sign_in(
    client, admin_client, s3_media, settings
):
    Document = get_document_model()
    public = Document.objects.create(
        title="Annual report",
        file=ContentFile(b"%PDF-1.4 public report", name="annual-report.pdf"),
    )
    private_collection = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=private_collection,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    private = Document.objects.create(
        title="Board minutes",
        collection=private_collection,
        file=ContentFile(b"%PDF-1.4 private minutes", name="minutes.pdf"),
    )

    assert public.url == f"/documents/{public.pk}/annual-report.pdf"
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public report"

    refused = client.get(private.url)
    assert refused.status_code == 302
    assert "login" in refused["Location"]
    allowed = admin_client.get(private.url)
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 private minutes"

    assert set(s3_media.object_keys()) == {public.file.name, private.file.name}
    assert _fetch(s3_media.plain_url(private.file.name))[0] == 403
    assert _local_files(settings) == []


def object_store_address(settings):
    return settings.STORAGES["default"]["OPTIONS"]["endpoint_url"]
