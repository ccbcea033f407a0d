"""Feedback for the past demo summit: a few dozen invented, confirmed places, their
survey links recorded as sent the morning after (no email leaves) and twenty
invented responses, written through `services.save_response` as a visitor's would
be, over the days after the summit. Every name is invented; addresses are
@example.org."""

import datetime
import random

from ..choices import AttendeeStatus, OrderStatus, SessionType
from ..models import Attendee, FeedbackInvitation, Order, Session, TicketType
from ..models.orders import unused_reference
from . import services

PEOPLE = [
    "Alys Brampton", "Bilal Chettisham", "Cora Doddington", "Dev Elton",
    "Esme Foxton", "Fraser Girton", "Gwen Harston", "Hamid Isleham",
    "Ines Kennett", "Jonah Littleport", "Kasia Manea", "Leon Newborough",
    "Mira Oakington", "Nils Parson", "Orla Ramsey", "Priya Sawston",
    "Quinn Thorney", "Rhea Upware", "Saul Waterbeach", "Tilly Yaxley",
    "Umar Abington", "Vera Bottisham", "Wil Coton", "Xenia Dry Drayton",
    "Yannick Eltisley", "Zoe Fulbourn",
]  # fmt: skip

# (overall, would come again, comment, may show the name)
RESPONSES = [
    (5, "yes", "The workshops were practical: we left with a plan for our bus routes.", True),
    (4, "yes", "Good mix of sectors. More time for questions after the panels, please.", False),
    (5, "yes", "", False),
    (3, "not_sure", "The main hall was too warm in the afternoon.", False),
    (4, "yes", "Meeting the other district councils was the most useful hour of the year.", True),
    (4, "yes", "", False),
    (2, "no", "Too many speeches, not enough doing.", False),
    (5, "yes", "The step-free routes and captions were excellent. Thank you.", False),
    (4, "not_sure", "", False),
    (3, "yes", "Lunch queue was long; the sessions were worth it.", False),
    (5, "yes", "Please publish the slides.", True),
    (4, "yes", "", False),
    (4, "yes", "I'd like a session on funding bids next year.", False),
    (3, "not_sure", "", False),
    (5, "yes", "Best networking I've had in years.", False),
    (4, "yes", "", False),
    (1, "no", "The venue was hard to reach from the Fens by public transport.", False),
    (4, "yes", "Clear, well run, on time.", False),
    (5, "yes", "", False),
    (4, "yes", "More voices from young people, please.", False),
]  # fmt: skip


def _places(summit):
    ticket_type, _created = TicketType.objects.get_or_create(
        summit=summit,
        name="Delegate place (demo)",
        defaults={
            "description": "A place at the summit (demo).",
            "capacity": 200,
            "max_per_order": 5,
        },
    )
    workshops = list(
        Session.objects.filter(summit=summit, session_type=SessionType.WORKSHOP)
    )
    rng = random.Random(2025)
    places = []
    references = set(Order.objects.values_list("reference", flat=True))
    for name in PEOPLE:
        order = Order.objects.create(
            reference=unused_reference(summit, references),
            summit=summit,
            status=OrderStatus.CONFIRMED,
        )
        place = Attendee.objects.create(
            order=order,
            number=1,
            summit=summit,
            ticket_type=ticket_type,
            status=AttendeeStatus.CONFIRMED,
            name=name,
            email=f"{name.replace(' ', '.').lower()}@example.org",
            organisation="Example Partnership (demo)",
            privacy_accepted_at=summit.start - datetime.timedelta(days=30),
        )
        if workshops:
            place.workshops.set(rng.sample(workshops, k=min(2, len(workshops))))
        places.append(place)
    return places


def seed_feedback(summit, *, stdout):
    """Sent surveys and invented answers for `summit` (a past one), unless it has
    some already."""
    if FeedbackInvitation.objects.filter(summit=summit).exists():
        return
    survey = services.survey_for(summit)
    sent_at = survey.opens_at
    places = _places(summit)
    services.invite_attendees(summit=summit, now=sent_at)
    FeedbackInvitation.objects.filter(summit=summit).update(emailed_at=sent_at)
    sessions = list(
        Session.objects.filter(summit=summit)
        .exclude(session_type=SessionType.NETWORKING)
        .order_by("start")
    )
    rng = random.Random(2026)
    invitations = FeedbackInvitation.objects.filter(attendee__in=places).select_related(
        "attendee", "summit"
    )
    for (overall, again, comment, named), invitation in zip(
        RESPONSES, invitations, strict=False
    ):
        booked = list(invitation.attendee.workshops.all())
        others = [session for session in sessions if session not in booked]
        rated = booked + rng.sample(others, k=min(2, len(others)))
        services.save_response(
            invitation=invitation,
            survey=survey,
            overall=overall,
            come_again=again,
            comments=comment,
            show_name=named,
            ratings=[
                (session, max(1, min(5, overall + rng.choice([-1, 0, 0, 1]))))
                for session in rated
            ],
            booked_ids=[session.pk for session in booked],
            now=sent_at + datetime.timedelta(hours=rng.randint(1, 24 * 6)),
        )
    stdout.write(
        f"Feedback for {summit.title}: {len(places)} surveys sent, "
        f"{min(len(RESPONSES), len(places))} answered."
    )
