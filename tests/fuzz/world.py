"""The site the fuzz test attacks: one of every page type, an open summit with every
kind of ticket type, places, orders and waiting-list entries with their secret
links, register entries and stories; and the clients that visit it (anonymous,
signed in, check-in staff, and visitors part-way through booking)."""

import datetime
from types import SimpleNamespace

from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from events.choices import CheckInSource, SessionType, WaitingListStatus
from events.models import (
    CallForProposals,
    CallSessionType,
    CheckIn,
    FeedbackInvitation,
    ReviewCriterion,
)
from events.proposals import services as proposal_services
from framework.loading import load_framework
from framework.models import Commitment, CommitmentsShowcasePage
from home.models import SiteChrome, StandardPage
from signatories import links
from signatories.models import SignatoryRegisterPage
from tests.factories.accounts import (
    DEFAULT_PASSWORD,
    StaffUserFactory,
    VerifiedUserFactory,
)
from tests.factories.events import (
    AccessCodeFactory,
    AttendeeFactory,
    RoomFactory,
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    TrackFactory,
    WaitingListEntryFactory,
    open_registration,
)
from tests.factories.signatories import SignatoryFactory, UnconfirmedSignatoryFactory
from tests.factories.speakers import SpeakerFactory, SpeakersIndexPageFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

CSRF_TOKEN = "fuzzcsrftokenfuzzcsrftokenfuzz32"
MEMBER_EMAIL = "member@example.org"


def build_world(home):
    """Every object the probes address, as a namespace of the values they need."""
    load_framework()
    SiteChrome.for_site(Site.objects.get(is_default_site=True))  # as setup_site does
    commitments = list(Commitment.objects.order_by("pk")[:3])
    home.add_child(
        instance=CommitmentsShowcasePage(title="Our commitments", slug="showcase")
    )
    home.add_child(
        instance=SignatoryRegisterPage(title="Supporters", slug="signatories")
    )
    about = home.add_child(
        instance=StandardPage(title="About", slug="about", introduction="About us.")
    )
    summits = SummitIndexPageFactory(parent=home)
    SpeakersIndexPageFactory(parent=summits)
    summit = open_registration(SummitPageFactory(parent=summits))
    stories = SpotlightIndexPageFactory(parent=home)
    story = SpotlightPageFactory(
        parent=stories, commitments=commitments[:1], partners=["Fen Trust"]
    )

    track = TrackFactory(summit=summit)
    speaker = SpeakerFactory()
    talk = SessionFactory(
        summit=summit,
        track=track,
        speakers=[speaker],
        commitments=commitments[:1],
    )
    workshop = SessionFactory(
        summit=summit,
        session_type=SessionType.WORKSHOP,
        room=RoomFactory(summit=summit),
        capacity=20,
        at=(14, 0),
    )
    free = TicketTypeFactory(summit=summit, name="Delegate", workshops=[workshop])
    paid = TicketTypeFactory(
        summit=summit, name="Partner", price=5000, allows_invoice=True
    )
    sold_out = TicketTypeFactory(summit=summit, name="Dinner", capacity=1)
    AttendeeFactory(ticket_type=sold_out)
    hidden = TicketTypeFactory(summit=summit, name="Guest", requires_code=True)
    code = AccessCodeFactory(summit=summit, ticket_types=[hidden])

    member = VerifiedUserFactory(
        email=MEMBER_EMAIL, first_name="Mo", last_name="Member"
    )
    # The member speaks (their own profile) and holds a place (their agenda).
    speaker.user = member
    speaker.save(update_fields=["user"])
    AttendeeFactory(ticket_type=hidden, user=member, email=MEMBER_EMAIL)
    ada = AttendeeFactory(
        ticket_type=free, booker=member, name="Ada Example", email="ada@example.org"
    )
    unnamed = AttendeeFactory(
        ticket_type=free, name="", email="", claim_token="fuzz-claim-token"
    )
    offered = WaitingListEntryFactory(
        ticket_type=sold_out,
        status=WaitingListStatus.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    waiting = WaitingListEntryFactory(ticket_type=sold_out)

    call = CallForProposals.objects.create(
        summit=summit,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    CallSessionType.objects.create(
        call=call, session_type=SessionType.PANEL, duration_minutes=60
    )
    ReviewCriterion.objects.create(call=call, name="Relevance")
    proposal_fields = {
        "title": "Fuzz panel",
        "abstract": "A panel.",
        "session_type": "panel",
    }
    own_proposal = proposal_services.save_proposal(
        call=call, user=member, fields=proposal_fields, profile={"name": "Mo Member"}
    )
    co_speaker_invitation = proposal_services.save_proposal(
        call=call,
        user=VerifiedUserFactory(email="proposer@fuzz.example"),
        fields=proposal_fields,
        co_speaker_emails=[MEMBER_EMAIL],
        submit=True,
    ).speakers.get(is_proposer=False)

    signatory = SignatoryFactory(contact_email=MEMBER_EMAIL, commitments=commitments)
    unconfirmed = UnconfirmedSignatoryFactory(commitments=commitments)
    door = StaffUserFactory(groups=["Check-in staff"])
    arrived = CheckIn.objects.create(
        attendee=AttendeeFactory(ticket_type=free),
        summit=summit,
        checked_in_at=timezone.now(),
        checked_in_by=door,
        source=CheckInSource.SEARCH,
    )

    # A summit that ended two days ago, its feedback survey open (docs/feedback.md).
    past = SummitPageFactory(parent=summits, days_ahead=-2)
    past_session = SessionFactory(summit=past)
    invitation = FeedbackInvitation.objects.create(
        summit=past,
        attendee=AttendeeFactory(
            ticket_type=TicketTypeFactory(summit=past), email="fay@example.org"
        ),
    )

    return SimpleNamespace(
        home=home,
        about_path=about.get_url(),
        summit=summit,
        summit_slug=summit.slug,
        summit_id=summit.pk,
        session_slug=talk.slug,
        speaker_slug=speaker.slug,
        track_id=track.pk,
        story_path=story.get_url(),
        commitment_ids=[str(c.pk) for c in commitments],
        commitment_slug=commitments[0].slug,
        outcome_slug=commitments[0].outcome.slug,
        free_id=free.pk,
        paid_id=paid.pk,
        sold_out_id=sold_out.pk,
        hidden_id=hidden.pk,
        workshop_id=workshop.pk,
        code=code.code,
        ada=ada,
        ada_reference=ada.reference,
        ada_id=ada.pk,
        manage_token=ada.manage_token,
        calendar_token=ada.calendar_token,
        order_reference=ada.order.reference,
        order_token=ada.order.manage_token,
        claim_token=unnamed.claim_token,
        offered_token=offered.token,
        waiting_token=waiting.token,
        signatory_id=signatory.pk,
        signatory_slug=signatory.slug,
        manage_link=links.make_token(signatory, links.MANAGE),
        confirm_link=links.make_token(unconfirmed, links.CONFIRM),
        check_in_id=arrived.pk,
        feedback_token=invitation.token,
        rated_session_id=past_session.pk,
        proposal_id=own_proposal.pk,
        invitation_token=co_speaker_invitation.token,
        member=member,
        door=door,
    )


def make_clients(world):
    """The visitors, each with its cookies as they stand before every probe."""

    def client():
        made = Client(raise_request_exception=False, enforce_csrf_checks=True)
        return made

    clients = {"anon": client(), "member": client(), "door": client()}
    clients["member"].force_login(world.member)
    clients["door"].force_login(world.door)
    clients["chosen"] = _booking_client(client(), world, world.free_id, details=False)
    clients["detailed"] = _booking_client(client(), world, world.free_id, details=True)
    clients["invoicing"] = _booking_client(client(), world, world.paid_id, details=True)
    for each in clients.values():
        each.cookies["csrftoken"] = CSRF_TOKEN
    return clients


def _booking_client(client, world, ticket_type_id, *, details):
    """A visitor who chose one place of `ticket_type_id` (and gave the details)."""
    client.cookies["csrftoken"] = CSRF_TOKEN
    base = f"/summit/{world.summit_slug}/book/"
    headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN}
    chose = client.post(base, {f"quantity_{ticket_type_id}": "1"}, **headers)
    assert chose.status_code == 302, chose.content[:2000]
    if details:
        detailed = client.post(
            f"{base}details/",
            {
                "place-1-who": "named",
                "place-1-name": "Bo Booked",
                "place-1-email": "bo@example.org",
                "place-1-privacy_accepted": "on",
                "booker-booker_name": "Bea Booker",
                "booker-booker_email": "bea@example.org",
            },
            **headers,
        )
        assert detailed.status_code == 302, detailed.content[:2000]
    return client


class AnyWorld:
    """Stands in for the world when only the number of probes is wanted."""

    commitment_ids = ["1", "2"]

    def __getattr__(self, name):
        return "1"


__all__ = ["DEFAULT_PASSWORD", "AnyWorld", "build_world", "make_clients"]
