"""People's own data: everything held about an email address, read and
downloaded signed in, through an emailed link, or by staff for them; and erased,
keeping only what the law or the person's own upcoming place needs."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events.choices import InvoiceStatus
from events.models import Attendee, Invoice, Order, WaitingListEntry
from home.models import DataRequest, SentEmail
from signatories.choices import SignatoryStatus
from signatories.models import Signatory
from speakers.models import Speaker
from spotlights.models import StoryProposal
from tests.factories import StaffUserFactory, VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)
from tests.factories.signatories import SignatoryFactory
from tests.factories.speakers import SpeakerFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

EMAIL = "zofia.wisniewska@example.org"
OTHER = "someone.else@example.org"
# Email fields that hold no one's personal address: the organiser's own contact.
NOT_PERSONAL = {("home", "sitechrome", "contact_email")}


@pytest.fixture
def held(site_pages, framework):
    """Records about EMAIL in every kind the site keeps (and one of each about
    someone else): an account, a past and an upcoming place, orders, a waiting-list
    place, an invoice, a withdrawn and an approved signature, a speaker profile, a
    story proposal and a sent email."""
    index = SummitIndexPageFactory(parent=site_pages)
    past = SummitPageFactory(parent=index, days_ahead=-400)
    upcoming = SummitPageFactory(parent=index, days_ahead=30)
    past_type = TicketTypeFactory(summit=past, name="Delegate")
    upcoming_type = TicketTypeFactory(summit=upcoming, name="Delegate")
    account = VerifiedUserFactory(email=EMAIL, first_name="Zofia")
    past_order = OrderFactory(summit=past, booker=account, booker_email=EMAIL)
    AttendeeFactory(
        ticket_type=past_type,
        order=past_order,
        name="Zofia Wiśniewska",
        email=EMAIL.upper(),  # found whatever its case
        accessibility_needs="Step-free route",
    )
    AttendeeFactory(ticket_type=past_type, order=past_order, email=OTHER)
    upcoming_place = AttendeeFactory(
        ticket_type=upcoming_type, name="Zofia Wiśniewska", email=EMAIL
    )
    WaitingListEntryFactory(ticket_type=upcoming_type, email=EMAIL)
    WaitingListEntryFactory(ticket_type=upcoming_type, email=OTHER)
    Invoice.objects.create(
        order=past_order,
        number=7,
        status=InvoiceStatus.PAID,
        billing_contact="Zofia Wiśniewska",
        billing_email=EMAIL,
        amount=12000,
        vat_rate=20,
        issued_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    SignatoryFactory(
        name="Fen Repair Café", contact_email=EMAIL, status=SignatoryStatus.WITHDRAWN
    )
    SignatoryFactory(name="Ely Library Friends", contact_email=EMAIL)
    SignatoryFactory(name="Someone Else's Trust", contact_email=OTHER)
    SpeakerFactory(name="Zofia Wiśniewska", email=EMAIL)
    stories = SpotlightIndexPageFactory(parent=site_pages)
    StoryProposal.objects.create(
        page=SpotlightPageFactory(parent=stories, live=False),
        organisation="Fen Repair Café",
        contact_name="Zofia Wiśniewska",
        contact_email=EMAIL,
    )
    SentEmail.objects.create(
        key="ticket:1", recipients=f"{OTHER}, {EMAIL}", template="t", subject="Ticket"
    )
    SentEmail.objects.create(key="ticket:2", recipients=OTHER, template="t")
    return {"account": account, "upcoming_place": upcoming_place}


def personal_rows(email):
    """(model label, pk) of every row whose email field holds `email`, across every
    model with an email field: what a download must contain."""
    rows = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            key = (model._meta.app_label, model._meta.model_name, field.name)
            if isinstance(field, models.EmailField) and key not in NOT_PERSONAL:
                matches = model.objects.filter(**{f"{field.name}__iexact": email})
                rows |= {
                    (model._meta.label_lower, pk)
                    for pk in matches.values_list("pk", flat=True)
                }
    return rows


def downloaded_rows(data):
    return {
        (section["model"], record["id"])
        for section in data["sections"]
        for record in section["records"]
    }


def download(client, url):
    response = client.get(url, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_a_signed_in_person_downloads_every_record_held_about_their_email(client, held):
    client.force_login(held["account"])

    data = download(client, reverse("my_data"))

    expected = personal_rows(EMAIL)
    # Their account's addresses are listed in the account's own record.
    addresses = {(row, pk) for row, pk in expected if row == "account.emailaddress"}
    assert addresses
    assert downloaded_rows(data) >= expected - addresses
    account = next(s for s in data["sections"] if s["model"] == "auth.user")
    assert account["records"][0]["Email addresses"] == [EMAIL]
    # Through the account too: the order they booked with it.
    assert (
        "events.order",
        Order.objects.get(booker_email=EMAIL).pk,
    ) in downloaded_rows(data)
    # Nothing about anyone else.
    assert OTHER not in json.dumps(data)
    assert DataRequest.objects.get().kind == DataRequest.Kind.DOWNLOAD
    client.get(reverse("my_data"))  # reading the page is not a download
    assert DataRequest.objects.count() == 1


def test_the_page_shows_the_same_data_readably(client, held):
    client.force_login(held["account"])

    page = client.get(reverse("my_data"))

    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    for text in (
        "Zofia Wiśniewska",
        "Places at summits",
        "Step-free route",
        "Fen Repair Café",
    ):
        assert text in page.text
    assert OTHER not in page.text


def test_anyone_gets_a_link_by_email_and_it_opens_only_their_data(client, held):
    answer = client.post(reverse("your_data_request"), {"email": f" {EMAIL.upper()} "})

    assert answer.status_code == 200
    assert "Check your email" in answer.text
    [message] = mail.outbox
    assert message.to == [EMAIL]
    link = re.search(r"http://testserver(/your-data/\S+/)", message.body).group(1)
    data = download(client, link)
    assert downloaded_rows(data) >= personal_rows(EMAIL) - {
        row for row in personal_rows(EMAIL) if row[0] == "account.emailaddress"
    }
    assert OTHER not in json.dumps(data)
    assert DataRequest.objects.filter(channel=DataRequest.Channel.EMAILED_LINK).exists()


def test_a_tampered_link_or_bad_address_is_answered_clearly(client, db):
    assert client.get("/your-data/not-a-token/").status_code == 404
    refused = client.post(reverse("your_data_request"), {"email": "not an address"})
    assert refused.status_code == 400
    assert "Enter an email address in the correct format" in refused.text
    assert not mail.outbox


def test_links_to_one_address_are_rate_limited(client, db):
    for _attempt in range(3):
        assert (
            client.post(reverse("your_data_request"), {"email": EMAIL}).status_code
            == 200
        )
    assert (
        client.post(reverse("your_data_request"), {"email": EMAIL}).status_code == 429
    )
    assert len(mail.outbox) == 3


def test_erasure_needs_the_box_ticked(client, held):
    client.force_login(held["account"])

    refused = client.post(reverse("my_data"), {})

    assert refused.status_code == 400
    assert "Tick the box" in refused.text
    assert Attendee.objects.filter(email__iexact=EMAIL).count() == 2


def test_erasure_keeps_only_what_the_law_or_an_upcoming_place_needs(client, held):
    client.force_login(held["account"])

    answer = client.post(reverse("my_data"), {"confirm": "on"})

    assert answer.status_code == 200
    assert "Your data has been erased" in answer.text
    # Kept, and said why: the upcoming place, the invoice, the register entry.
    for reason in (
        "stays until the summit is over",
        "Invoice 7",
        "Ely Library Friends",
    ):
        assert reason in answer.text
    assert list(
        Attendee.objects.filter(email__iexact=EMAIL).values_list("pk", flat=True)
    ) == [held["upcoming_place"].pk]
    past_place = Attendee.objects.get(
        summit__end__lt=timezone.now(), name="(anonymised)"
    )
    assert past_place.accessibility_needs == ""
    assert (
        Attendee.objects.filter(summit__end__lt=timezone.now()).count() == 2
    )  # counts stay
    assert not WaitingListEntry.objects.filter(email=EMAIL).exists()
    assert WaitingListEntry.objects.filter(email=OTHER).exists()
    assert Invoice.objects.get(number=7).billing_email == EMAIL
    assert Signatory.objects.get(name="Fen Repair Café").contact_email == ""
    assert Signatory.objects.get(name="Ely Library Friends").contact_email == EMAIL
    assert Signatory.objects.get(name="Someone Else's Trust").contact_email == OTHER
    assert Speaker.objects.get().email == ""
    assert StoryProposal.objects.get().contact_email == ""
    assert SentEmail.objects.get(key="ticket:1").recipients == f"{OTHER}, (erased)"
    # Their account is closed and they are signed out.
    account = type(held["account"]).objects.get(pk=held["account"].pk)
    assert not account.is_active and account.email.endswith("@anonymised.invalid")
    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    assert client.get(reverse("my_data")).status_code == 302
    # What is left about them is exactly what was kept.
    left = personal_rows(EMAIL)
    assert {model for model, _pk in left} == {
        "events.attendee",
        "events.invoice",
        "signatories.signatory",
    }


def test_staff_find_download_and_erase_for_someone_with_an_audit_entry(client, held):
    admin = StaffUserFactory(is_superuser=True)
    client.force_login(admin)
    url = reverse("home_personal_data")

    shown = client.post(url, {"email": EMAIL, "action": "show"})
    downloaded = client.post(url, {"email": EMAIL, "action": "download"})
    unconfirmed = client.post(url, {"email": EMAIL, "action": "erase"})
    erased = client.post(url, {"email": EMAIL, "action": "erase", "confirm": "on"})

    assert shown.status_code == 200 and "Zofia Wiśniewska" in shown.text
    assert downloaded_rows(json.loads(downloaded.content)) >= {
        ("speakers.speaker", Speaker.objects.get().pk)
    }
    assert unconfirmed.status_code == 400
    assert erased.status_code == 200
    assert Speaker.objects.get().email == ""
    requests = DataRequest.objects.order_by("pk")
    assert [r.kind for r in requests] == ["download", "download", "erasure"]
    assert {r.handled_by for r in requests} == {admin}
    assert EMAIL not in json.dumps(list(requests.values()), default=str)
    logged = ModelLogEntry.objects.filter(action__startswith="home.personal_data")
    assert [entry.user for entry in logged] == [admin] * 3


def test_only_administrators_reach_the_staff_tool(client, held):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    url = reverse("home_personal_data")

    looked = client.get(url)
    erased = client.post(url, {"email": EMAIL, "action": "erase", "confirm": "on"})

    # Wagtail answers a refusal in the admin by sending them to its dashboard.
    assert (looked.status_code, looked["Location"]) == (302, "/admin/")
    assert (erased.status_code, erased["Location"]) == (302, "/admin/")
    assert Speaker.objects.get().email == EMAIL
    assert not DataRequest.objects.exists()
