"""Editable email texts (docs/emails.md#editing-email-texts): placeholders checked
on save, rendering that never fails, a summit's text before the site's before the
code's, and the admin's editor, preview, test send and reset for Event managers
only."""

import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.booking import emails as booking_emails
from home import email_texts
from home.email_texts import EmailTextError, Request
from home.emails import render_email_text_sample
from home.models import EmailText
from signatories.emails import send_signatory_email
from tests.email_samples import send_every_email
from tests.factories.accounts import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
    open_registration,
)
from tests.factories.signatories import UnconfirmedSignatoryFactory

TICKET = email_texts.get("ticket")


@pytest.fixture
def summit(home_page):
    index = SummitIndexPageFactory(parent=home_page)
    return open_registration(SummitPageFactory(parent=index, title="Summit 2026"))


@pytest.fixture
def attendee(summit):
    ticket_type = TicketTypeFactory(summit=summit, name="Delegate place")
    return AttendeeFactory(
        ticket_type=ticket_type, name="Ada Example", email="ada@example.org"
    )


@pytest.fixture
def manager(client, db):
    user = StaffUserFactory(groups=["Event managers"], email="eve@example.org")
    client.force_login(user)
    return user


def edit_url(key="ticket", summit=None):
    if summit:
        return reverse("home_email_text_summit", args=[key, summit.pk])
    return reverse("home_email_text", args=[key])


# Placeholders and rendering


def test_unknown_placeholders_and_stray_braces_are_named():
    allowed = TICKET.placeholders
    assert email_texts.placeholder_problems("Hello {name} at {summit}", allowed) == []
    (unknown,) = email_texts.placeholder_problems("Dear {first_name}", allowed)
    assert "“{first_name}” is not a placeholder this email offers" in unknown
    assert "{reference}" in unknown  # says which ones it may use
    (broken,) = email_texts.placeholder_problems("Hi {Name Here}", allowed)
    assert "“{Name Here}”" in broken
    (stray,) = email_texts.placeholder_problems("Hello {name", allowed)
    assert "brace has no partner" in stray
    assert email_texts.placeholder_problems("{{ name }}", allowed)


def test_save_refuses_bad_placeholders_and_writes_nothing(db):
    with pytest.raises(EmailTextError) as error:
        email_texts.save_text(
            email=TICKET, page_id=None, subject="Ticket {nope}", body="Hi"
        )
    assert "{nope}" in str(error.value)
    assert not EmailText.objects.exists()


def test_rendering_escapes_html_and_never_raises_on_a_vanished_placeholder(db, caplog):
    EmailText.objects.create(
        key="ticket", subject="For {name}", body="<b>Hi</b> {name}\n\n{gone} here"
    )
    with caplog.at_level(logging.WARNING, logger="home.email_texts"):
        text = email_texts.render(
            Request(key="ticket", page_id=None, values={"name": "Ann <Lee> & Co"})
        )
    assert text.subject == "For Ann <Lee> & Co"
    assert text.paragraphs == [
        "&lt;b&gt;Hi&lt;/b&gt; Ann &lt;Lee&gt; &amp; Co",
        " here",
    ]
    assert text.text == "<b>Hi</b> Ann <Lee> & Co\n\n here"
    assert "placeholder gone has no value" in caplog.text


def test_a_summit_text_comes_before_the_site_text_before_the_default(attendee):
    summit = attendee.summit
    other = SummitPageFactory(parent=summit.get_parent(), title="Another summit")

    booking_emails.send_ticket(attendee)
    assert (
        mail.outbox[-1].subject == f"Your ticket for Summit 2026 ({attendee.reference})"
    )

    EmailText.objects.create(key="ticket", subject="Site: {summit}", body="Site text")
    EmailText.objects.create(
        key="ticket", page=other, subject="Other: {summit}", body="Other text"
    )
    attendee.rotate_tokens()
    attendee.save()
    booking_emails.send_ticket(attendee)
    assert mail.outbox[-1].subject == "Site: Summit 2026"
    assert "Site text" in mail.outbox[-1].body

    EmailText.objects.create(
        key="ticket", page=summit, subject="Ours: {name}", body="Welcome, {name}!"
    )
    attendee.rotate_tokens()
    attendee.save()
    booking_emails.send_ticket(attendee)
    message = mail.outbox[-1]
    assert message.subject == "Ours: Ada Example"
    assert "Welcome, Ada Example!" in message.body
    html = message.alternatives[0][0]
    assert "Welcome, Ada Example!" in html
    # The code's parts stay: the QR code, the manage link, the footer.
    assert 'src="cid:ticket-qr"' in html
    assert attendee.manage_token in message.body
    assert "You are getting this email because you hold a place" in message.body


def test_the_text_is_looked_up_once_until_it_is_edited(attendee):
    """A rush of the same email (a sign-up's confirmation, a ticket) reads its
    wording once; an edit shows in the next one."""
    with CaptureQueriesContext(connection) as queries:
        for _email in range(3):
            attendee.rotate_tokens()
            attendee.save()
            booking_emails.send_ticket(attendee)
    looked_up = [q for q in queries if "home_emailtext" in q["sql"]]
    assert len(looked_up) == 1

    EmailText.objects.create(key="ticket", subject="Edited", body="New words")
    attendee.rotate_tokens()
    attendee.save()
    booking_emails.send_ticket(attendee)
    assert mail.outbox[-1].subject == "Edited"


def test_other_wired_emails_use_their_texts(attendee, summit):
    EmailText.objects.create(
        key="cancellation", page=summit, subject="Gone: {reference}", body="Bye {name}."
    )
    EmailText.objects.create(
        key="waiting-list-offer", subject="Yours: {ticket}", body="Until {expires}."
    )
    EmailText.objects.create(
        key="signatory-confirm", subject="Confirm {organisation}", body="Hi {name}."
    )
    booking_emails.send_cancellation(attendee)
    assert mail.outbox[-1].subject == f"Gone: {attendee.reference}"
    assert "Bye Ada Example." in mail.outbox[-1].body

    entry = WaitingListEntryFactory(
        ticket_type=attendee.ticket_type, name="Wes Waiting"
    )
    entry.offer_expires_at = summit.start
    booking_emails.send_waiting_list_message(entry, "offer", request_id="r1")
    assert mail.outbox[-1].subject == "Yours: Delegate place"
    assert "Until " in mail.outbox[-1].body

    signatory = UnconfirmedSignatoryFactory(
        name="Fen Trust", contact_name="Sam Contact"
    )
    send_signatory_email(signatory_id=signatory.pk, kind="confirm", request_id="r2")
    assert mail.outbox[-1].subject == "Confirm Fen Trust"
    assert "Hi Sam Contact." in mail.outbox[-1].body


def test_the_emails_made_editable_later_use_their_texts(attendee, summit):
    EmailText.objects.create(
        key="ticket-links", subject="Links for {email}", body="Here they are."
    )
    EmailText.objects.create(
        key="place-update-cancelled",
        page=summit,
        subject="Gone from {booking}",
        body="{name} ({reference}) is off.",
    )
    EmailText.objects.create(
        key="signatory-manage", subject="Manage {organisation}", body="Hi {name}."
    )

    booking_emails.send_ticket_links(attendee.email, [attendee], [], request_id="r1")
    assert mail.outbox[-1].subject == f"Links for {attendee.email}"
    assert "Here they are." in mail.outbox[-1].body
    assert attendee.reference in mail.outbox[-1].body  # the links stay

    attendee.order.booker_email = "booker@example.org"
    attendee.order.save()
    booking_emails.send_place_update(attendee, "cancelled")
    assert mail.outbox[-1].to == ["booker@example.org"]
    assert mail.outbox[-1].subject == f"Gone from {attendee.order.reference}"
    assert f"Ada Example ({attendee.reference}) is off." in mail.outbox[-1].body

    signatory = UnconfirmedSignatoryFactory(
        name="Fen Trust", contact_name="Sam Contact"
    )
    send_signatory_email(signatory_id=signatory.pk, kind="manage", request_id="r2")
    assert mail.outbox[-1].subject == "Manage Fen Trust"
    assert "Hi Sam Contact." in mail.outbox[-1].body
    assert "/signatories/manage/" in mail.outbox[-1].body  # the manage link stays


def test_the_docs_list_every_editable_email_with_its_placeholders():
    section = (
        (settings.BASE_DIR / "docs" / "emails.md")
        .read_text()
        .split("## Editing email texts", 1)[1]
        .split("\n## ", 1)[0]
    )
    rows = re.findall(
        r"^\| .+? \| `([\w-]+)` \| (?:yes|no) \| (.+?) \|$", section, re.M
    )
    documented = {key: set(names.split(", ")) for key, names in rows}

    assert documented == {
        email.key: set(email.placeholders) for email in email_texts.registered()
    }
    # The booking, payment and register emails made editable in issue 18.
    for key in (
        "order-summary",
        "place-passed-on",
        "place-update-claimed",
        "place-update-transferred",
        "place-update-cancelled",
        "ticket-links",
        "receipt",
        "late-payment",
        "payment-not-completed",
        "invoice",
        "signatory-manage",
        "signatory-rejected",
    ):
        assert email_texts.get(key) is not None, key


def test_feedback_proposal_and_speaker_emails_use_their_texts(
    client, home_page, monkeypatch
):
    """An edited text reaches a real send, for one email of each family."""
    EmailText.objects.create(
        key="feedback-survey",
        subject="Tell us about {summit}",
        body="Dear {name}, the survey closes on {closes}.",
    )
    EmailText.objects.create(
        key="proposal-submitted",
        subject="Got it: {title}",
        body="We have “{title}” for {summit}; change it until {closes}.",
    )
    EmailText.objects.create(
        key="speaker-change-rejected",
        subject="Not this time, {name}",
        body="Sorry {name}, an editor said no.",
    )
    sent = send_every_email(client, home_page, monkeypatch)

    survey = sent["events/emails/feedback_survey"]
    assert survey.subject == "Tell us about Shared Ambition Summit 2026"
    assert "the survey closes on " in survey.body
    assert " (UK time)" not in survey.body
    assert "Give your feedback" in survey.alternatives[0][0]

    proposal = sent["events/proposals/emails/submitted"]
    assert proposal.subject == "Got it: Bus routes for market towns"
    assert (
        "We have “Bus routes for market towns” for Shared Ambition Summit 2026"
        in proposal.body
    )
    assert "Reviewers will read it" not in proposal.body

    rejected = sent["speakers/emails/change_rejected"]
    assert rejected.subject == "Not this time, Sam Speaker"
    assert "Sorry Sam Speaker, an editor said no." in rejected.body
    assert "Please keep the biography under 150 words." in rejected.body
    # The others keep the code's wording.
    approved = sent["speakers/emails/change_approved"]
    assert approved.subject == "Your speaker profile changes are live"
    assert sent["events/proposals/emails/withdrawn"].subject == (
        "You withdrew your proposal: Bus routes for market towns"
    )


def test_proposal_and_speaker_texts_cost_one_query_per_send(
    client, home_page, monkeypatch
):
    with CaptureQueriesContext(connection) as queries:
        sent = send_every_email(client, home_page, monkeypatch)
    looked_up = [q for q in queries if "home_emailtext" in q["sql"]]
    # A decision's text is its outbox message, taken from the editable text when
    # it was drafted: sending it looks nothing up.
    editable = {email.template for email in email_texts.registered()} - {
        "events/proposals/emails/decision"
    }
    assert len(looked_up) == len(editable & set(sent))


@pytest.mark.parametrize("email", email_texts.registered(), ids=lambda e: e.key)
def test_every_editable_email_previews_its_sample_and_uses_its_text(email, db):
    """Each registered email renders its default for the sample person, and its
    templates show the text (subject and main paragraphs) it is given."""
    first = next(iter(email.placeholders))
    message = render_email_text_sample(
        email=email,
        page_id=None,
        subject="Subject {" + first + "}",
        body="First paragraph.\n\nSecond, for {" + first + "}.",
    )
    value = email.sample_values[first]
    assert message.subject == f"Subject {value}"
    assert f"First paragraph.\n\nSecond, for {value}." in message.body
    assert (
        f'<p style="margin: 0 0 16px;">Second, for {value}.</p>'
        in (message.alternatives[0][0])
    )
    default = email_texts.render(
        Request(key=email.key, page_id=None, values=email.sample_values)
    )
    assert "{" not in default.subject + default.text


# The admin


def test_only_event_managers_may_edit(client, db):
    for group in ("Moderators", "Editors"):
        client.force_login(StaffUserFactory(groups=[group]))
        response = client.get(reverse("home_email_texts"))
        assert response.status_code in (302, 403)
        response = client.post(
            edit_url(), {"subject": "x", "body": "y", "action": "save"}
        )
        assert response.status_code in (302, 403)
    assert not EmailText.objects.exists()


def test_the_list_shows_edited_and_default_per_summit(client, manager, summit):
    EmailText.objects.create(key="ticket", page=summit, subject="S", body="B")
    page = client.get(reverse("home_email_texts")).text
    assert "Ticket" in page and "Summit 2026" in page
    assert page.count(">Edited<") == 1
    assert edit_url("ticket", summit) in page
    assert "Register: confirm the signature" in page


def test_the_editor_lists_placeholders_and_previews_the_sample_person(
    client, manager, summit
):
    page = client.get(edit_url("ticket", summit)).text
    assert "{reference}" in page and "The ticket&#x27;s reference" in page
    response = client.post(
        edit_url("ticket", summit),
        {"subject": "Hi {name}", "body": "Come to {summit}", "action": "preview"},
    )
    assert response.status_code == 200
    assert "Hi Alex Sample" in response.text  # the invented person
    assert "Come to Sample Summit" in response.text
    assert not EmailText.objects.exists()  # a preview saves nothing
    typed = client.post(
        edit_url("ticket", summit),
        {
            "subject": "<i>{name}</i>",
            "body": "<script>x()</script>",
            "action": "preview",
        },
    )
    assert "<script>x()</script>" not in typed.text
    assert "<i>Alex" not in typed.text


def test_save_then_reset(client, manager, summit):
    response = client.post(
        edit_url("ticket", summit),
        {"subject": "New {summit}", "body": "Body", "action": "save"},
    )
    assert response.status_code == 302
    text = EmailText.objects.get()
    assert (text.key, text.page_id, text.subject) == (
        "ticket",
        summit.pk,
        "New {summit}",
    )

    reset = reverse("home_email_text_reset_summit", args=["ticket", summit.pk])
    confirm = client.get(reset)
    assert "Yes, reset to default" in confirm.text
    assert EmailText.objects.exists()  # asking is not doing
    assert client.post(reset).status_code == 302
    assert not EmailText.objects.exists()


def test_bad_posts_are_refused_with_a_message(client, manager, summit):
    response = client.post(
        edit_url(), {"subject": "Hi {first_name}", "body": "x {", "action": "save"}
    )
    assert response.status_code == 400
    assert "“{first_name}” is not a placeholder this email offers" in response.text
    assert "brace has no partner" in response.text
    assert 'href="#id_subject"' in response.text
    response = client.post(edit_url(), {"action": "save"})
    assert response.status_code == 400
    response = client.post(
        edit_url(), {"subject": "a\nb", "body": "x", "action": "save"}
    )
    assert response.status_code == 400
    assert not EmailText.objects.exists()
    # No such email, a summit for a site-wide email, a page that is no summit.
    assert client.get(reverse("home_email_text", args=["nope"])).status_code == 404
    assert client.get(edit_url("signatory-confirm", summit)).status_code == 404
    assert (
        client.get(
            reverse("home_email_text_summit", args=["ticket", summit.get_parent().pk])
        ).status_code
        == 404
    )


def test_a_test_goes_to_the_editor_only_and_is_rate_limited(client, manager, summit):
    data = {"subject": "Hello {name}", "body": "Test {summit}", "action": "test"}
    response = client.post(edit_url("ticket", summit), data)
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["eve@example.org"]
    assert message.subject == "[Test] Hello Alex Sample"
    assert "Test Sample Summit" in message.body
    assert not EmailText.objects.exists()
    for _ in range(4):
        client.post(edit_url("ticket", summit), data)
    response = client.post(edit_url("ticket", summit), data)
    assert response.status_code == 429
    assert len(mail.outbox) == 5
