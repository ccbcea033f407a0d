import csv
import datetime
import io
import json
import re
from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from signatories import links, opendata
from signatories.choices import SignatoryStatus
from signatories.models import Signatory
from signatories.views import CSRF_PLACEHOLDER
from tests.factories import VerifiedUserFactory
from tests.factories.signatories import (
    PendingSignatoryFactory,
    SignatoryFactory,
    UnconfirmedSignatoryFactory,
)

from .conftest import emailed_link, image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(commitments):
    return {
        "name": "Ely Growers",
        "organisation_type": "business",
        "district": "east-cambridgeshire",
        "website": "elygrowers.example.org",
        "pledge": "We will <b>grow</b> more food locally.",
        "commitments": [commitments[0].pk, commitments[5].pk],
        "contact_name": "Alex Example",
        "contact_role": "Director",
        "contact_email": "Alex@ElyGrowers.example.org",
        "authorised": "on",
        "nickname": "",
    }


@pytest.fixture
def post_sign(client, form_data, django_capture_on_commit_callbacks):
    def post(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/signatories/sign/", {**form_data, **changes})

    return post


def test_sign_form_asks_for_everything_the_register_needs(
    client, site_pages, commitments
):
    response = client.get("/signatories/sign/")

    html = response.content.decode()
    assert response.status_code == 200
    for label in [
        "Organisation name",
        "Type of organisation",
        "Where does your organisation mainly work?",
        "Website",
        "Logo",
        "Your pledge",
        escape(commitments[0].name),
        "Your work email address",
        "I am authorised to sign on behalf of this organisation",
    ]:
        assert label in html
    assert "Leave this field empty" in html  # the honeypot


def test_the_blank_sign_form_is_drawn_once_until_content_changes(
    client, site_pages, commitments
):
    def commitment_queries():
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/signatories/sign/").content.decode()
        return sum("framework_commitment" in q["sql"] for q in queries), html

    assert commitment_queries()[0] == 1
    assert commitment_queries()[0] == 0  # the fields come from the cache
    commitments[0].name = "Renamed by an editor"
    commitments[0].save()

    read, html = commitment_queries()

    assert read == 1
    assert "Renamed by an editor" in html


def test_a_signed_in_visitor_gets_their_own_email_not_the_blank_form(
    client, site_pages, commitments
):
    client.get("/signatories/sign/")  # the blank form, now kept
    client.force_login(VerifiedUserFactory(email="alex@elygrowers.example.org"))

    html = client.get("/signatories/sign/").content.decode()

    assert 'value="alex@elygrowers.example.org"' in html


def csrf_token_in(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_kept_blank_form_carries_each_visitors_own_token(
    site_pages, commitments, form_data
):
    """The blank form's page is drawn once for everyone; each visitor gets it with
    their own CSRF token and cookie, and can sign with them."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get("/signatories/sign/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = second.get("/signatories/sign/")
    second_html = response.content.decode()

    assert len(queries) == 0  # kept, with the register page and the commitments
    token = csrf_token_in(second_html)
    assert token != csrf_token_in(first_html)
    assert "csrftoken" in response.cookies
    assert CSRF_PLACEHOLDER not in second_html
    assert second_html.replace(token, "") == first_html.replace(
        csrf_token_in(first_html), ""
    )
    signed = second.post(
        "/signatories/sign/", {**form_data, "csrfmiddlewaretoken": token}
    )
    assert signed.status_code == 302


def test_a_message_waiting_shows_on_the_form_and_is_never_kept(
    client, site_pages, commitments
):
    """A visitor with a message waiting gets the form drawn for them, message and
    all; nobody else ever sees it."""
    response = HttpResponse()
    CookieStorage(HttpRequest())._store(
        [Message(constants.INFO, "You have signed out.")], response
    )
    client.cookies["messages"] = response.cookies["messages"].value

    assert "You have signed out." in client.get("/signatories/sign/").text
    assert "You have signed out." not in Client().get("/signatories/sign/").text


def test_signing_saves_the_entry_and_asks_to_check_email(post_sign, commitments):
    response = post_sign(logo=image_file("WEBP"))

    assert response.status_code == 302
    assert response["Location"] == "/signatories/sign/check-your-email/"
    signatory = Signatory.objects.get()
    assert signatory.status == SignatoryStatus.UNCONFIRMED
    assert signatory.website == "https://elygrowers.example.org"
    assert signatory.contact_email == "alex@elygrowers.example.org"
    assert set(signatory.commitments.all()) == {commitments[0], commitments[5]}
    assert signatory.logo.name.endswith(".png")
    assert mail.outbox[0].to == ["alex@elygrowers.example.org"]


def test_signing_with_errors_explains_each_one(post_sign):
    response = post_sign(
        name="",
        website="ftp://elygrowers.example.org",
        commitments=[],
        authorised="",
        logo=io.BytesIO(b"<svg></svg>"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose at least one commitment you will support." in html
    assert "Confirm that you are authorised to sign for this organisation." in html
    assert "Enter a valid URL." in html
    assert "We could not read this file as an image" in html
    assert not Signatory.objects.exists()


def test_honeypot_turns_bots_away(post_sign):
    response = post_sign(nickname="buy pills")

    assert response.status_code == 400
    assert not Signatory.objects.exists()


def test_signing_is_rate_limited_per_address(post_sign):
    for number in range(10):
        post_sign(name=f"Organisation {number}", website="")

    response = post_sign(name="One Too Many", website="")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Signatory.objects.count() == 10


def test_duplicate_is_routed_to_updating_the_existing_entry(post_sign, client):
    SignatoryFactory(
        name="Ely Growers Ltd",
        website="https://elygrowers.example.org/",
        contact_email="secret-contact@example.org",
    )

    response = post_sign()

    html = response.content.decode()
    assert response.status_code == 409
    assert "Your organisation has already signed" in html
    assert "secret-contact" not in html
    assert Signatory.objects.count() == 1

    response = client.post(
        "/signatories/manage/", {"organisation": "https://elygrowers.example.org"}
    )
    assert response["Location"] == "/signatories/manage/link-sent/"
    assert mail.outbox[-1].to == ["secret-contact@example.org"]


def test_request_link_page_does_not_reveal_whether_an_organisation_signed(client):
    response = client.post("/signatories/manage/", {"organisation": "Nobody"})

    assert response["Location"] == "/signatories/manage/link-sent/"
    assert mail.outbox == []


def test_confirmation_link_shows_a_button_and_confirms_on_post(post_sign, client):
    post_sign()
    path = emailed_link(mail.outbox[0], "/signatories/confirm/")

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm and send for approval" in page.content.decode()
    assert Signatory.objects.get().status == SignatoryStatus.UNCONFIRMED

    response = client.post(path)
    assert response["Location"] == "/signatories/sign/awaiting-approval/"
    assert Signatory.objects.get().status == SignatoryStatus.PENDING
    awaiting = client.get(response["Location"])
    assert "awaiting approval" in awaiting.content.decode()


def test_a_reused_confirmation_link_changes_nothing(post_sign, client):
    post_sign()
    path = emailed_link(mail.outbox[0], "/signatories/confirm/")
    client.post(path)

    response = client.post(path)

    html = response.content.decode()
    assert response.status_code == 410
    assert "This link has already been used" in html
    assert "Awaiting approval".lower() in html.lower()


def test_tampered_and_expired_links_get_a_clear_page(client):
    signatory = SignatoryFactory()
    token = links.make_token(signatory, links.MANAGE)

    tampered = client.get(f"/signatories/manage/{token}x/")
    assert tampered.status_code == 400
    assert "This link is not valid" in tampered.content.decode()

    later = timezone.now() + datetime.timedelta(days=8)
    with mock.patch("time.time", return_value=later.timestamp()):
        expired = client.get(f"/signatories/manage/{token}/")
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert "Email a new link" in expired.content.decode()


def test_email_links_are_rate_limited(client):
    for _ in range(30):
        client.get("/signatories/confirm/not-a-token/")

    assert client.get("/signatories/confirm/not-a-token/").status_code == 429


def _manage_path(signatory):
    return links.link_path(signatory, links.MANAGE)


def test_manage_link_updates_an_approved_entry_for_moderation(client, commitments):
    signatory = SignatoryFactory(name="Ely Growers", commitments=commitments[:1])
    path = _manage_path(signatory)

    page = client.get(path + "update/")
    assert page.status_code == 200
    assert 'value="Ely Growers"' in page.content.decode()

    response = client.post(
        path + "update/",
        {
            "name": "Ely Growers Cooperative",
            "organisation_type": "business",
            "district": "east-cambridgeshire",
            "website": "",
            "pledge": "More food.",
            "commitments": [commitments[1].pk],
            "contact_name": "Alex",
            "contact_role": "Chair",
        },
    )

    assert response["Location"] == "/signatories/manage/updated/"
    signatory.refresh_from_db()
    assert signatory.name == "Ely Growers"
    assert signatory.pending_update["name"] == "Ely Growers Cooperative"
    again = client.get(path + "update/")  # the link goes on working, from the update
    assert again.status_code == 200
    assert 'value="Ely Growers Cooperative"' in again.content.decode()
    assert "changes waiting for a moderator" in client.get(path).content.decode()


def test_manage_link_withdraws_after_a_confirmation_step(
    client, django_capture_on_commit_callbacks
):
    signatory = SignatoryFactory(name="Ely Growers")
    path = _manage_path(signatory)

    assert "Withdraw our signature" in client.get(path).content.decode()
    assert client.get(path + "withdraw/").status_code == 200
    assert Signatory.objects.public().exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path + "withdraw/")

    assert response["Location"] == "/signatories/manage/withdrawn/"
    assert not Signatory.objects.public().exists()
    assert client.get(signatory.get_absolute_url()).status_code == 404
    assert client.post(path + "withdraw/").status_code == 410


def _update_form(signatory, commitments, **changes):
    return {
        "name": signatory.name,
        "organisation_type": signatory.organisation_type,
        "district": signatory.district,
        "website": signatory.website,
        "pledge": signatory.pledge,
        "commitments": [commitment.pk for commitment in commitments],
        "contact_name": signatory.contact_name,
        "contact_role": signatory.contact_role,
        **changes,
    }


def test_one_emailed_link_updates_twice_then_withdraws(
    client, commitments, django_capture_on_commit_callbacks
):
    signatory = SignatoryFactory(name="Ely Growers", commitments=commitments[:1])
    path = _manage_path(signatory)

    for pledge in ("More food.", "More food, grown nearer."):
        response = client.post(
            path + "update/", _update_form(signatory, commitments[:1], pledge=pledge)
        )
        assert response["Location"] == "/signatories/manage/updated/"
        signatory.refresh_from_db()
        assert signatory.pending_update["pledge"] == pledge
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path + "withdraw/")

    assert response["Location"] == "/signatories/manage/withdrawn/"
    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.WITHDRAWN
    assert "has left the Shared Ambition register" in mail.outbox[-1].subject


def _later(days):
    later = timezone.now() + datetime.timedelta(days=days)
    return mock.patch("time.time", return_value=later.timestamp())


def test_an_expired_manage_link_offers_a_fresh_one_by_email(client):
    signatory = SignatoryFactory(
        name="Ely Growers", contact_email="contact@elygrowers.example.org"
    )
    path = _manage_path(signatory)

    with _later(days=8):
        page = client.get(path + "update/")
        html = page.content.decode()
        assert page.status_code == 410
        assert "This link has expired" in html
        assert "Links we email work for 7 days. Nothing has changed." in html
        assert "contact@elygrowers.example.org" not in html
        assert f'action="{path}new-link/"' in html
        response = client.post(path + "new-link/")

    assert response["Location"] == "/signatories/manage/link-sent/"
    [message] = mail.outbox
    assert message.to == ["contact@elygrowers.example.org"]
    fresh = emailed_link(message, "/signatories/manage/")
    assert fresh != path
    with _later(days=8):
        assert client.get(fresh).status_code == 200


def test_a_used_confirmation_link_offers_a_manage_link(post_sign, client):
    post_sign()
    path = emailed_link(mail.outbox[0], "/signatories/confirm/")
    client.post(path)

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 410
    assert "This link has already been used" in html
    assert "a new link to update the entry or withdraw it" in html
    client.post(path + "new-link/")

    assert "/signatories/manage/" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["alex@elygrowers.example.org"]


def test_a_link_to_a_withdrawn_entry_explains_and_offers_signing_again(client):
    signatory = SignatoryFactory(name="Ely Growers")
    path = _manage_path(signatory)
    client.post(path + "withdraw/")

    for old in (path, path + "update/"):
        page = client.get(old)
        html = page.content.decode()
        assert page.status_code == 410
        assert "This entry is no longer on the register" in html
        assert "Ely Growers's entry is now: <strong>withdrawn</strong>" in html
        assert 'href="/signatories/sign/"' in html
        assert "new-link/" not in html
    client.post(path + "new-link/")
    assert [m.subject for m in mail.outbox if "/manage/" in m.body] == []


def test_an_expired_confirmation_of_a_removed_signature_offers_signing_again(
    client,
):
    signatory = UnconfirmedSignatoryFactory()
    path = links.link_path(signatory, links.CONFIRM)
    signatory.delete()  # as apply_retention does once the link has expired

    with _later(days=4):
        page = client.get(path)

    assert page.status_code == 410
    assert "it has been removed" in page.content.decode()
    assert 'href="/signatories/sign/"' in page.content.decode()


def test_asking_for_fresh_links_is_rate_limited(client):
    path = _manage_path(SignatoryFactory())
    for _ in range(5):
        client.post(path + "new-link/")

    assert client.post(path + "new-link/").status_code == 429
    assert len(mail.outbox) == 5
    assert client.get(path + "new-link/").status_code == 405


def test_signed_in_contact_manages_entries_without_a_link(client):
    user = VerifiedUserFactory(email="alex@example.org")
    mine = SignatoryFactory(name="Mine", contact_email="alex@example.org")
    theirs = SignatoryFactory(name="Theirs")
    client.force_login(user)

    page = client.get("/signatories/yours/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/signatories/yours/{theirs.pk}/withdraw/").status_code == 404

    client.post(f"/signatories/yours/{mine.pk}/withdraw/")
    mine.refresh_from_db()
    assert mine.status == SignatoryStatus.WITHDRAWN


def test_account_pages_need_signing_in(client):
    signatory = SignatoryFactory()

    response = client.get(f"/signatories/yours/{signatory.pk}/update/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_detail_page_shows_the_public_entry_only(client, site_pages, commitments):
    SignatoryFactory(
        name="Ely Growers",
        pledge="We <script>alert(1)</script> grow.\nAnd share.",
        website="https://elygrowers.example.org/",
        contact_email="private@example.org",
        commitments=commitments[:2],
    )

    html = client.get("/signatories/ely-growers/").content.decode()

    assert "<h1>Ely Growers</h1>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert escape(commitments[0].name) in html
    assert 'href="https://elygrowers.example.org/"' in html
    assert "private@example.org" not in html
    assert "Pat Example" not in html


def test_detail_page_links_each_commitment_to_the_showcase(
    client, site_pages, commitments
):
    from framework.site_setup import setup_showcase

    setup_showcase()
    homes = next(c for c in commitments if c.slug == "homes-for-all")
    SignatoryFactory(name="Ely Growers", commitments=[homes])

    html = client.get("/signatories/ely-growers/").content.decode()

    assert (
        '<ul class="tags commitment-tags" aria-label="Commitments we support">' in html
    )
    assert (
        '<a class="tag" href="/showcase/equitable/homes-for-all/">Homes for All' in html
    )


def test_manage_page_lists_commitments_as_plain_chips(client, site_pages, commitments):
    from framework.site_setup import setup_showcase

    setup_showcase()
    signatory = SignatoryFactory(name="Ely Growers", commitments=commitments[:1])
    token = links.make_token(signatory, links.MANAGE)

    html = client.get(f"/signatories/manage/{token}/").content.decode()

    assert f'<span class="tag">{escape(commitments[0].name)}' in html
    assert '<a class="tag"' not in html


@pytest.mark.parametrize("status", ["unconfirmed", "pending", "rejected", "withdrawn"])
def test_detail_page_is_not_found_until_approved(client, status):
    SignatoryFactory(name="Hidden", status=status)

    assert client.get("/signatories/hidden/").status_code == 404


def test_open_data_csv_has_public_fields_only(client, commitments):
    SignatoryFactory(
        name="Ely Growers",
        district="fenland",
        commitments=commitments[:2],
        contact_email="private@example.org",
    )
    PendingSignatoryFactory(name="Not Yet")

    response = client.get("/signatories/register.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(body)))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["name"] for row in rows] == ["Ely Growers"]
    assert rows[0]["ons_code"] == "E07000010"
    assert rows[0]["commitments"] == ";".join(c.slug for c in commitments[:2])
    assert "private@example.org" not in body
    assert "Pat Example" not in body


def test_open_data_json_has_stable_ids_and_ons_codes(client, commitments):
    signatory = SignatoryFactory(district="peterborough", commitments=commitments[:1])

    response = client.get("/signatories/register.json")
    data = json.loads(b"".join(response.streaming_content))

    assert data["count"] == 1
    [record] = data["signatories"]
    assert record["id"] == signatory.pk
    assert record["ons_code"] == "E06000031"
    assert record["commitments"] == [commitments[0].slug]
    assert "contact_email" not in record
    assert record["url"] == f"http://testserver/signatories/{signatory.slug}/"


@pytest.mark.parametrize("organisations", [0, 1, 5])
def test_open_data_json_streams_the_document_it_used_to_build_whole(
    client, commitments, organisations
):
    for number in range(organisations):
        SignatoryFactory(
            name=f'Café «{number}» "Quoted" Ltd',
            district="fenland",
            commitments=commitments[: number % 3],
        )
    PendingSignatoryFactory(name="Not Yet")

    response = client.get("/signatories/register.json")
    body = b"".join(response.streaming_content).decode("utf-8")

    # Byte for byte what json.dumps made of the whole document before it streamed.
    data = json.loads(body)
    built_whole = {
        "title": "Organisations supporting the Shared Ambition for "
        "Cambridgeshire & Peterborough",
        "generated_at": data["generated_at"],
        "count": organisations,
        "fields": opendata.FIELDS,
        "signatories": list(opendata.records()),
    }
    assert body == json.dumps(built_whole, ensure_ascii=False, indent=1)
    assert [record["name"] for record in data["signatories"]] == [
        f'Café «{number}» "Quoted" Ltd' for number in range(organisations)
    ]
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"


def test_open_data_json_in_small_pieces_is_the_same_document(commitments):
    for number in range(5):
        SignatoryFactory(name=f"Org {number}", commitments=commitments[:1])

    pieces = list(opendata.json_document(batch=2))
    whole = "".join(opendata.json_document(batch=100))

    # The opening with the first organisation, two pieces of two, the closing.
    assert len(pieces) == 4
    assert (
        json.loads("".join(pieces))["signatories"] == json.loads(whole)["signatories"]
    )


def test_open_data_json_is_never_kept_by_the_page_cache(client, commitments, settings):
    settings.PAGE_CACHE = True
    SignatoryFactory(name="Ely Growers")

    first = client.get("/signatories/register.json")
    b"".join(first.streaming_content)
    SignatoryFactory(name="March Makers")
    second = client.get("/signatories/register.json")

    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "bypass"
    assert json.loads(b"".join(second.streaming_content))["count"] == 2


def test_open_data_csv_writes_a_formula_as_text(client):
    SignatoryFactory(name="=1+2 Trading", pledge="+44 is our dialling code")

    body = b"".join(client.get("/signatories/register.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

    assert rows[0]["name"] == "'=1+2 Trading"
