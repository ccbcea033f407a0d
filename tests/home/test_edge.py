"""Broken or hostile input is a clear 400 at the edge, never a server error and
never a write: bodies in another character set, NUL characters anywhere."""

import pytest

from events.models import WaitingListEntry
from signatories.models import Signatory

HOSTILE_CHARSETS = ["latin-1", "utf-7", "nonsense", "utf-16"]


@pytest.mark.parametrize("charset", HOSTILE_CHARSETS)
def test_a_form_posted_in_another_charset_is_a_400(client, db, charset):
    client.cookies["csrftoken"] = "x" * 32
    response = client.generic(
        "POST",
        "/signatories/sign/",
        b"name=Example+Trust&contact_email=a%40example.org",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status_code == 400
    assert "Send the form as UTF-8 text." in response.text
    assert not Signatory.objects.exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF8", "us-ascii"])
def test_utf8_and_ascii_forms_go_through(client, db, charset):
    response = client.generic(
        "POST",
        "/tickets/find/",
        b"email=a%40example.org",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert "Send the form as UTF-8" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/stories/feed/?commitment=a%00b",
        "/search/?q=%00",
        "/signatories/?q=a%00",
        "/checkin/1/?q=%00",
        "/summit/x%00y/programme/",
    ],
)
def test_a_nul_in_the_address_is_a_400(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "The address contains a character that" in response.text


def test_a_nul_in_a_form_is_a_400_and_nothing_is_written(client, db):
    response = client.post("/tickets/find/", {"email": "a\x00@example.org"})

    assert response.status_code == 400
    assert not WaitingListEntry.objects.exists()


@pytest.mark.parametrize("nul", ["\\u0000", "\\U0000", "\x00"])
def test_a_nul_in_json_is_a_400(client, db, nul):
    response = client.post(
        "/checkin/1/sync/",
        '{"scans": [{"id": "a' + nul + 'b"}]}',
        content_type="application/json",
    )

    assert response.status_code == 400
