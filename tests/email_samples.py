"""Every email the site sends, sent for real by the code that sends it, about rows
the factories make: the email tests and the browser's axe check go through them all
(docs/emails.md lists the same emails).

`send_every_email(client)` returns {name: message}; each name is the email's
template (allauth's without their `_message` ending)."""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from events.booking import emails as booking_emails
from events.booking.pricing import PlaceRequest
from events.choices import (
    CardPaymentStatus,
    CoSpeakerStatus,
    ProposalStatus,
    WaitingListStatus,
)
from events.feedback import emails as feedback_emails
from events.feedback import services as feedback_services
from events.models import (
    BulkEmail,
    CallForProposals,
    CardPayment,
    DecisionMessage,
    FeedbackInvitation,
    Proposal,
    ProposalSpeaker,
)
from events.organising.bulk_email import send_bulk_email
from events.payments import emails as payment_emails
from events.payments.invoices import BillingDetails, book_with_invoice
from events.programme.release_emails import send_release_emails
from events.programme.releases import publish_release
from events.proposals import emails as proposal_emails
from home.tasks import send_data_link_email
from signatories.emails import send_signatory_email
from speakers.choices import ChangeStatus
from speakers.emails import send_profile_change_email
from speakers.models import SpeakerProfileChange
from spotlights.emails import send_proposal_notification
from spotlights.models import StoryProposal
from tests.factories import VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.events import (
    AttendeeFactory,
    RoomFactory,
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
    attendee_details,
    open_registration,
)
from tests.factories.signatories import SignatoryFactory
from tests.factories.speakers import SpeakerFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

ALLAUTH_EMAILS = [
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/password_reset_key",
    "account/email/unknown_account",
    "account/email/account_already_exists",
]


def send_every_email(client, home_page, monkeypatch):
    """Send each email once; `monkeypatch` swaps the PDFs (another feature's
    concern, and slow) for a stub."""
    monkeypatch.setattr(payment_emails, "receipt_pdf", lambda order: b"%PDF-1.7")
    monkeypatch.setattr(payment_emails, "invoice_pdf", lambda invoice: b"%PDF-1.7")
    sent = {}

    def record(name, send):
        before = len(mail.outbox)
        send()
        assert len(mail.outbox) == before + 1, f"{name} sent no email"
        sent[name] = mail.outbox[-1]

    index = SummitIndexPageFactory(parent=home_page)
    summit = open_registration(
        SummitPageFactory(
            parent=index,
            title="Shared Ambition Summit 2026",
            venue_name="Peterborough Arena",
            venue_address="East of England Showground\nPeterborough\nPE2 6XE",
            venue_map_url="https://maps.example.org/arena",
        )
    )
    paid = TicketTypeFactory(
        summit=summit, name="Delegate place", price=9500, allows_invoice=True
    )
    booker = VerifiedUserFactory(
        email="bea.booker@example.gov.uk", first_name="Bea", last_name="Booker"
    )
    order = book_with_invoice(
        booker=booker,
        summit=summit,
        places=[
            PlaceRequest(
                ticket_type=paid,
                details=attendee_details("Bea Booker", "bea.booker@example.gov.uk"),
            ),
            PlaceRequest(
                ticket_type=paid,
                details=attendee_details("Ada Example", "ada@example.gov.uk"),
            ),
            PlaceRequest(ticket_type=paid, details=None),
        ],
        billing=BillingDetails(
            organisation="Example District Council",
            address="Council Offices\nExample Street\nPE1 1AA",
            contact="Fin Ance",
            email="finance@example.gov.uk",
            purchase_order="PO-12345",
        ),
    )
    holder = order.attendees.get(email="ada@example.gov.uk")
    workshop = SessionFactory(
        summit=summit,
        title="Bus routes for market towns",
        session_type="workshop",
        room=RoomFactory(summit=summit, name="Room 2"),
    )
    holder.workshops.set([workshop])
    booker_place = order.attendees.get(email="bea.booker@example.gov.uk")
    unnamed = order.attendees.get(email="")
    CardPayment.objects.create(
        order=order,
        status=CardPaymentStatus.PAID,
        amount=order.total,
        amount_paid=order.total,
        hold_expires_at=timezone.now(),
        paid_at=timezone.now(),
    )

    record("events/emails/ticket", lambda: booking_emails.send_ticket(holder))
    mail.outbox.clear()  # the booker's own ticket would count as the next send
    record(
        "events/emails/order_summary", lambda: booking_emails.send_order_summary(order)
    )
    order.hold_expires_at = timezone.now() + datetime.timedelta(minutes=30)
    record(
        "events/emails/booking_confirm",
        lambda: booking_emails.send_booking_confirmation_request(order),
    )
    unnamed.intended_email, unnamed.intended_name = "bea.booker@example.gov.uk", "Bea"
    record(
        "events/emails/place_passed_on",
        lambda: booking_emails.send_passed_on_place(unnamed),
    )
    record(
        "events/emails/place_update",
        lambda: booking_emails.send_place_update(holder, "claimed"),
    )
    record(
        "events/emails/transfer_notice",
        lambda: booking_emails.send_transfer_notice(
            holder, previous_name="Ben Before", previous_email="ben@example.gov.uk"
        ),
    )
    record(
        "events/emails/cancellation",
        lambda: booking_emails.send_cancellation(booker_place),
    )
    entry = WaitingListEntryFactory(ticket_type=paid, name="Wes Waiting")
    for kind in ("joined", "offer", "expired"):
        if kind == "offer":
            entry.status = WaitingListStatus.OFFERED
            entry.offer_expires_at = timezone.now() + datetime.timedelta(days=2)
        record(
            f"events/emails/waiting_list_{kind}",
            lambda kind=kind: booking_emails.send_waiting_list_message(
                entry, kind, request_id=f"sample-{kind}"
            ),
        )
    record(
        "events/emails/ticket_links",
        lambda: booking_emails.send_ticket_links(
            "ada@example.gov.uk", [holder], [entry], request_id="sample"
        ),
    )
    record("events/emails/receipt", lambda: payment_emails.send_receipt(order))
    record(
        "events/emails/late_payment",
        lambda: payment_emails.send_late_payment_notice(order),
    )
    record(
        "events/emails/payment_not_completed",
        lambda: payment_emails.send_payment_not_completed(order),
    )
    record("events/emails/invoice", lambda: payment_emails.send_invoice(order.invoice))
    bulk = BulkEmail.objects.create(
        summit=summit,
        subject="Travel on the day",
        body="The car park opens at 8:00.\n\nBring your ticket on your phone.",
    )
    AttendeeFactory(ticket_type=paid, name="Cy Coming", email="cy@example.gov.uk")
    mail.outbox.clear()
    send_bulk_email(bulk_email=bulk)
    sent["events/emails/bulk"] = mail.outbox[0]

    invitation = FeedbackInvitation.objects.create(summit=summit, attendee=holder)
    record(
        "events/emails/feedback_survey",
        lambda: feedback_emails.send_survey(
            invitation, feedback_services.survey_for(summit)
        ),
    )

    signatory = SignatoryFactory(name="Fenland Community Energy")
    for kind in ("confirm", "manage", "approved", "rejected", "withdrawn"):
        record(
            f"signatories/emails/{kind}",
            lambda kind=kind: send_signatory_email(
                signatory_id=signatory.pk,
                kind=kind,
                request_id="sample",
                reason="Please give the organisation's full name.",
            ),
        )

    stories = SpotlightIndexPageFactory(parent=home_page)
    story = SpotlightPageFactory(parent=stories, title="Solar on village halls")
    proposal = StoryProposal.objects.create(
        page=story,
        organisation="Fenland Community Energy",
        contact_name="Pat Example",
        contact_email="pat@example.org",
    )
    editor = VerifiedUserFactory(email="editor@example.gov.uk")
    editor.groups.add(Group.objects.get(name="Editors"))
    record(
        "spotlights/email/proposal_received",
        lambda: send_proposal_notification(proposal_id=proposal.pk),
    )
    record(
        "home/emails/data_link",
        lambda: send_data_link_email.enqueue("ada@example.gov.uk"),
    )

    _send_proposal_emails(summit, booker, record)
    _send_programme_changes(summit, workshop, record)
    _send_speaker_profile_emails(record)
    _send_allauth_emails(client, record)
    return sent


def _send_proposal_emails(summit, proposer, record):
    now = timezone.now()
    call = CallForProposals.objects.create(
        summit=summit,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=7),
    )
    proposal = Proposal.objects.create(
        call=call,
        proposer=proposer,
        title="Bus routes for market towns",
        abstract="What a year of demand-responsive buses taught us.",
        session_type="workshop",
        duration_minutes=60,
        status=ProposalStatus.SUBMITTED,
    )
    ProposalSpeaker.objects.create(
        proposal=proposal,
        user=proposer,
        email=proposer.email,
        is_proposer=True,
        status=CoSpeakerStatus.CONFIRMED,
        name="Bea Booker",
    )
    co_speaker = ProposalSpeaker.objects.create(
        proposal=proposal, email="cy@example.gov.uk", name="Cy Example"
    )
    record(
        "events/proposals/emails/submitted",
        lambda: proposal_emails.send_state_change(
            proposal, from_status=ProposalStatus.DRAFT
        ),
    )
    record(
        "events/proposals/emails/invitation",
        lambda: proposal_emails.send_invitation(co_speaker),
    )
    co_speaker.status = CoSpeakerStatus.CONFIRMED
    co_speaker.save()
    record(
        "events/proposals/emails/co_speaker_answer",
        lambda: proposal_emails.send_co_speaker_answer(co_speaker),
    )
    record(
        "events/proposals/emails/co_speaker_dropped",
        lambda: proposal_emails.send_co_speaker_dropped(
            proposal,
            speaker_id=co_speaker.pk,
            email=co_speaker.email,
            name=co_speaker.name,
        ),
    )
    decision = DecisionMessage.objects.create(
        proposal=proposal,
        decision=ProposalStatus.ACCEPTED,
        recipients=[proposer.email],
        subject="Your proposal is accepted",
        body="Thank you: we would love you to run this workshop.\n\nPlease confirm.",
    )
    record(
        "events/proposals/emails/decision",
        lambda: proposal_emails.send_decision(decision),
    )
    for status, name in [
        (ProposalStatus.WITHDRAWN, "withdrawn"),
        (ProposalStatus.WAITLISTED, "state_changed"),
    ]:
        proposal.status = status
        proposal.save()
        record(
            f"events/proposals/emails/{name}",
            lambda: proposal_emails.send_state_change(
                proposal, from_status=ProposalStatus.SUBMITTED
            ),
        )


def _send_programme_changes(summit, workshop, record):
    """A release moving the workshop Ada booked tells her (and nobody else)."""
    publish_release(summit=summit, user=None)
    workshop.room = RoomFactory(summit=summit, name="Room 5")
    workshop.save()
    release = publish_release(summit=summit, user=None, note="Room change.")
    record("events/programme/emails/changes", lambda: send_release_emails(release))


def _send_speaker_profile_emails(record):
    speaker = SpeakerFactory(name="Sam Speaker", email="sam@example.gov.uk")
    for status in (ChangeStatus.APPROVED, ChangeStatus.REJECTED):
        change = SpeakerProfileChange.objects.create(
            speaker=speaker,
            status=status,
            name="Sam Speaker",
            reason="Please keep the biography under 150 words.",
            decided_at=timezone.now(),
        )
        record(
            f"speakers/emails/change_{status}",
            lambda change=change: send_profile_change_email(change_id=change.pk),
        )


def _send_allauth_emails(client, record):
    user = VerifiedUserFactory(email="member@example.gov.uk")
    client.force_login(user)
    record(
        "account/email/email_confirmation",
        lambda: client.post(
            "/accounts/email/", {"action_add": "", "email": "new@example.gov.uk"}
        ),
    )
    client.logout()
    record(
        "account/email/password_reset_key",
        lambda: client.post(
            "/accounts/password/reset/", {"email": "member@example.gov.uk"}
        ),
    )
    record(
        "account/email/unknown_account",
        lambda: client.post(
            "/accounts/password/reset/", {"email": "nobody@example.org"}
        ),
    )
    for name, email in [
        ("account/email/email_confirmation_signup", "newcomer@example.gov.uk"),
        ("account/email/account_already_exists", "member@example.gov.uk"),
    ]:
        record(
            name,
            lambda email=email: client.post(
                "/accounts/signup/",
                {
                    "email": email,
                    "password1": DEFAULT_PASSWORD,
                    "password2": DEFAULT_PASSWORD,
                },
            ),
        )
        client.logout()
