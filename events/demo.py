"""Demo summits: a past edition about a year ago and an upcoming two-track edition a
few weeks ahead, and registration for the upcoming one: ticket types, an access
code, speakers' tickets and a few hundred bookings, with one ticket type sold out
and people waiting. Dates are written on the demo calendar (`home.demo_clock`) and
moved to today's when seeded; each summit's slug and title follow its moved year.

Venues, sessions, speakers and attendees are invented; every page carries the demo
note and every address is @example.org.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from framework.models import Commitment
from home.demo import DEMO_NOTE
from home.demo_clock import demo_date
from home.demo_images import demo_image
from home.models import HomePage
from speakers.models import Speaker

from .booking.speaker_tickets import issue_speaker_tickets
from .choices import (
    AttendeeStatus,
    OrderStatus,
    QuestionKind,
    SessionType,
    WaitingListStatus,
)
from .demo_last_year import mark_recurring_sessions, seed_last_year
from .demo_on_the_day import seed_on_the_day
from .feedback.demo import seed_feedback
from .models import (
    AccessCode,
    Attendee,
    Order,
    RegistrationAnswer,
    RegistrationQuestion,
    Room,
    Session,
    StatusChange,
    SummitIndexPage,
    SummitPage,
    TicketType,
    Track,
    WaitingListEntry,
)
from .models.orders import new_token, unused_reference
from .postcards.demo import seed_postcards
from .proposals.demo import seed_call

LONDON = ZoneInfo("Europe/London")
KEYNOTE, PANEL, WORKSHOP, BREAKOUT, NETWORKING = (
    SessionType.KEYNOTE,
    SessionType.PANEL,
    SessionType.WORKSHOP,
    SessionType.BREAKOUT,
    SessionType.NETWORKING,
)
ALL_ACCESS = {
    "bsl_interpretation": True,
    "live_captions": True,
    "hearing_loop": True,
    "step_free": True,
}
STEP_FREE = {"step_free": True}
CAPTIONED = {"live_captions": True, "hearing_loop": True, "step_free": True}

TRAVEL = (
    "<p>The venue is a ten-minute walk from the railway station, with frequent "
    "trains from Cambridge, Ely and London. Several bus routes stop outside.</p>"
    "<ul><li>Covered cycle parking at the main entrance.</li><li>Limited paid "
    "parking on site; Blue Badge bays by the entrance.</li></ul>"
)
ACCESS = (
    "<p>Step-free access throughout, with a lift to every floor. Accessible toilets "
    "on each floor, a quiet room, and hearing loops in the main hall. Assistance "
    "dogs are welcome. Tell us about any access needs when you register.</p>"
)

SUMMITS = [
    {
        "summary": (
            "The first summit: partners from every sector met to launch delivery of "
            "the Shared Ambition and agree where to start."
        ),
        "day": (2025, 12, 11),  # home.demo_clock.WRITTEN_PAST_SUMMIT_DAY
        "hours": ((9, 30), (16, 30)),
        "venue_name": "Guildhall Conference Suite (demo venue)",
        "venue_address": "Market Square\nCambridge\nCB2 0ZZ",
        "rooms": [
            ("Great Hall", "Ground floor"),
            ("Council Chamber", "First floor, lift from the lobby"),
            ("Committee Room 1", "First floor, lift from the lobby"),
            ("Lobby", "Ground floor"),
        ],
        "tracks": [
            ("Equitable and pioneering", "teal"),
            ("Connected and resilient", "blue"),
        ],
        # (slug, title, type, start, end, room, track, speakers, commitments, extra)
        "sessions": [
            (
                "arrival",
                "Arrival and coffee",
                NETWORKING,
                (9, 30),
                (10, 0),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "launching-the-shared-ambition",
                "Opening keynote: launching the Shared Ambition",
                KEYNOTE,
                (10, 0),
                (10, 45),
                0,
                None,
                ["isla-mckenzie", "amara-okafor"],
                ["thriving-inclusive-communities"],
                ALL_ACCESS,
            ),
            (
                "from-strategy-to-delivery",
                "Panel: from strategy to delivery",
                PANEL,
                (10, 45),
                (11, 30),
                0,
                None,
                ["tom-fairbairn", "priya-raman", "siobhan-doyle"],
                ["champion-innovation-research", "harness-health-wellbeing"],
                ALL_ACCESS,
            ),
            (
                "morning-break",
                "Morning break",
                NETWORKING,
                (11, 30),
                (11, 45),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "skills-for-a-changing-economy",
                "Skills for a changing economy",
                BREAKOUT,
                (11, 45),
                (12, 30),
                1,
                0,
                ["dev-patel", "gareth-lloyd"],
                ["education-skills-employment-for-all"],
                CAPTIONED,
            ),
            (
                "transport-priorities",
                "Getting around: transport priorities",
                BREAKOUT,
                (11, 45),
                (12, 30),
                2,
                1,
                ["tom-fairbairn", "chen-wei"],
                ["sustainable-transport-for-all"],
                STEP_FREE,
            ),
            (
                "lunch",
                "Lunch",
                NETWORKING,
                (12, 30),
                (13, 30),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "measuring-what-matters",
                "Workshop: measuring what matters",
                WORKSHOP,
                (13, 30),
                (14, 30),
                1,
                0,
                ["fatima-hussain", "grace-adeyemi"],
                ["grow-diverse-inclusive-economy"],
                {**STEP_FREE, "capacity": 40},
            ),
            (
                "nature-water-net-zero",
                "Nature, water and net zero",
                PANEL,
                (13, 30),
                (14, 30),
                2,
                1,
                ["jonas-lindqvist", "oliver-marsh", "hannah-osei"],
                [
                    "restore-enhance-nature",
                    "secure-water-energy",
                    "climate-adaptation-net-zero",
                ],
                CAPTIONED,
            ),
            (
                "reflections",
                "Closing keynote: what we heard today",
                KEYNOTE,
                (14, 30),
                (15, 15),
                0,
                None,
                ["amara-okafor", "marcus-bell"],
                ["thriving-inclusive-communities"],
                ALL_ACCESS,
            ),
            (
                "reception",
                "Networking reception",
                NETWORKING,
                (15, 15),
                (16, 30),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
        ],
        "registration": None,
    },
    {
        "summary": (
            "A day of keynotes, panels and hands-on workshops on what partners have "
            "delivered in year one and what comes next."
        ),
        "day": (2026, 12, 10),
        "hours": ((9, 0), (18, 0)),
        "venue_name": "Riverside Exchange Conference Centre (demo venue)",
        "venue_address": "Example Quay\nPeterborough\nPE1 0ZZ",
        "rooms": [
            ("Nene Hall", "Ground floor, step-free"),
            ("Ouse Room", "First floor, lift from the foyer"),
            ("Welland Room", "First floor, lift from the foyer"),
            ("Foyer", "Ground floor, step-free"),
            ("Riverside terrace", "Meet in the foyer; gravel paths"),
        ],
        "tracks": [("Growing together", "teal"), ("Connected places", "blue")],
        "sessions": [
            (
                "arrival",
                "Arrival, coffee and networking",
                NETWORKING,
                (9, 0),
                (9, 30),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "welcome",
                "Welcome to the summit",
                KEYNOTE,
                (9, 30),
                (9, 45),
                0,
                None,
                ["isla-mckenzie"],
                [],
                ALL_ACCESS,
            ),
            (
                "a-year-of-delivery",
                "Opening keynote: a year of delivering the Shared Ambition",
                KEYNOTE,
                (9, 45),
                (10, 15),
                0,
                None,
                ["amara-okafor"],
                ["thriving-inclusive-communities", "grow-diverse-inclusive-economy"],
                ALL_ACCESS,
            ),
            (
                "what-will-2050-ask-of-us",
                "Plenary panel: what will 2050 ask of us?",
                PANEL,
                (10, 15),
                (11, 0),
                0,
                None,
                ["tom-fairbairn", "priya-raman", "grace-adeyemi", "marcus-bell"],
                ["champion-innovation-research", "climate-adaptation-net-zero"],
                ALL_ACCESS,
            ),
            (
                "morning-break",
                "Morning break",
                NETWORKING,
                (11, 0),
                (11, 15),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "skills-bootcamps",
                "Skills bootcamps that open doors",
                BREAKOUT,
                (11, 15),
                (12, 0),
                1,
                0,
                ["dev-patel", "fatima-hussain"],
                ["education-skills-employment-for-all"],
                CAPTIONED,
            ),
            (
                "designing-bus-routes",
                "Designing bus routes with residents",
                WORKSHOP,
                (11, 15),
                (12, 0),
                2,
                1,
                ["tom-fairbairn", "samuel-okoro"],
                ["sustainable-transport-for-all", "connected-cities-towns-villages"],
                {**STEP_FREE, "capacity": 30},
            ),
            (
                "health-on-the-high-street",
                "Health on the high street",
                BREAKOUT,
                (12, 0),
                (12, 45),
                1,
                0,
                ["siobhan-doyle", "rafael-mendes"],
                ["harness-health-wellbeing", "thriving-inclusive-communities"],
                CAPTIONED,
            ),
            (
                "culture-and-heritage",
                "Culture and heritage that bring places together",
                BREAKOUT,
                (12, 0),
                (12, 45),
                2,
                1,
                ["eleanor-whitcombe", "bethany-clarke"],
                ["celebrate-culture-heritage"],
                STEP_FREE,
            ),
            (
                "lunch",
                "Lunch and partner showcase",
                NETWORKING,
                (12, 45),
                (13, 45),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "young-people",
                "Young people shaping the Shared Ambition",
                BREAKOUT,
                (13, 0),
                (13, 30),
                1,
                0,
                ["marcus-bell", "samuel-okoro"],
                [
                    "thriving-inclusive-communities",
                    "education-skills-employment-for-all",
                ],
                CAPTIONED,
            ),
            (
                "riverside-walk",
                "Lunchtime walk: nature recovery by the river",
                NETWORKING,
                (13, 0),
                (13, 30),
                4,
                1,
                ["oliver-marsh"],
                ["restore-enhance-nature"],
                {"capacity": 20},
            ),
            (
                "agri-tech-lab-to-field",
                "Agri-tech and sustainable food: from lab to field",
                WORKSHOP,
                (13, 45),
                (15, 15),
                1,
                0,
                ["priya-raman", "gareth-lloyd"],
                ["pioneer-agritech-sustainable-food", "champion-innovation-research"],
                {**STEP_FREE, "capacity": 25},
            ),
            (
                "digital-connectivity",
                "Digital connectivity for all: closing the gap",
                BREAKOUT,
                (13, 45),
                (14, 30),
                2,
                1,
                ["chen-wei", "bethany-clarke"],
                ["digital-connectivity-for-all"],
                CAPTIONED,
            ),
            (
                "homes-for-all",
                "Homes for all, beyond the boundary",
                PANEL,
                (14, 30),
                (15, 15),
                2,
                1,
                ["rafael-mendes", "isla-mckenzie"],
                ["homes-for-all"],
                CAPTIONED,
            ),
            (
                "afternoon-break",
                "Afternoon break",
                NETWORKING,
                (15, 15),
                (15, 30),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
            (
                "inclusive-economy",
                "An inclusive economy for market towns",
                PANEL,
                (15, 30),
                (16, 15),
                1,
                0,
                ["fatima-hussain", "gareth-lloyd", "amara-okafor"],
                ["grow-diverse-inclusive-economy", "connected-cities-towns-villages"],
                CAPTIONED,
            ),
            (
                "water-energy-hotter-fens",
                "Water, energy and a hotter Fens",
                WORKSHOP,
                (15, 30),
                (16, 15),
                2,
                1,
                ["jonas-lindqvist", "hannah-osei"],
                ["secure-water-energy", "climate-adaptation-net-zero"],
                {**STEP_FREE, "capacity": 30},
            ),
            (
                "delivery-spotlights",
                "Lightning talks: delivery spotlights",
                PANEL,
                (16, 15),
                (16, 45),
                0,
                None,
                ["eleanor-whitcombe", "oliver-marsh", "chen-wei"],
                [
                    "celebrate-culture-heritage",
                    "restore-enhance-nature",
                    "digital-connectivity-for-all",
                ],
                ALL_ACCESS,
            ),
            (
                "commitments-for-the-year-ahead",
                "Closing keynote: our commitments for {next_year}",
                KEYNOTE,
                (16, 45),
                (17, 15),
                0,
                None,
                ["grace-adeyemi", "isla-mckenzie"],
                ["thriving-inclusive-communities"],
                ALL_ACCESS,
            ),
            (
                "reception",
                "Networking reception",
                NETWORKING,
                (17, 15),
                (18, 0),
                3,
                None,
                [],
                [],
                STEP_FREE,
            ),
        ],
        "registration": ((2026, 9, 1), (2026, 12, 7)),
    },
]

DESCRIPTIONS = {
    NETWORKING: "Time to meet partners from across the region. Refreshments are served.",
    KEYNOTE: "A keynote address to the whole summit, followed by questions from the floor.",
    PANEL: "A facilitated discussion with questions from the audience.",
    WORKSHOP: (
        "A hands-on session in small groups. Places are limited, so book one when "
        "you register."
    ),
    BREAKOUT: "Short talks from partners delivering the work, then open discussion.",
}


def _at(day, hour_minute):
    return datetime.datetime.combine(day, datetime.time(*hour_minute), tzinfo=LONDON)


def summit_day(spec):
    return demo_date(*spec["day"])


def summit_slug(spec):
    return str(summit_day(spec).year)


def seed_summit(index, spec):
    day = summit_day(spec)
    summit = SummitPage.objects.child_of(index).filter(slug=summit_slug(spec)).first()
    if summit is None:
        title = f"Shared Ambition Summit {day.year}"
        opens_closes = spec["registration"] and [
            demo_date(*written) for written in spec["registration"]
        ]
        summit = index.add_child(
            instance=SummitPage(
                title=title,
                slug=summit_slug(spec),
                summary=spec["summary"],
                start=_at(day, spec["hours"][0]),
                end=_at(day, spec["hours"][1]),
                hero_image=demo_image(f"{title} hero (demo)", seed=spec["day"][0]),
                venue_name=spec["venue_name"],
                venue_address=spec["venue_address"],
                venue_map_url="https://www.openstreetmap.org/",
                travel_information=TRAVEL,
                access_information=ACCESS,
                registration_opens_at=opens_closes and _at(opens_closes[0], (9, 0)),
                registration_closes_at=opens_closes and _at(opens_closes[1], (23, 59)),
                body=[
                    (
                        "paragraph",
                        "<p>The summit brings together councils, businesses, "
                        "universities and colleges, health partners and the voluntary "
                        "sector to show what they are delivering against the Shared "
                        "Ambition's outcomes and commitments.</p>",
                    ),
                    ("paragraph", DEMO_NOTE),
                ],
                rooms=[
                    Room(name=name, directions=where) for name, where in spec["rooms"]
                ],
                tracks=[
                    Track(name=name, colour=colour) for name, colour in spec["tracks"]
                ],
            )
        )
    rooms, tracks = list(summit.rooms.all()), list(summit.tracks.all())
    speakers = Speaker.objects.in_bulk(field_name="slug")
    commitments = Commitment.objects.in_bulk(field_name="slug")
    added = 0
    for row in spec["sessions"]:
        slug, title, kind, start, end, room, track, people, tagged, extra = row
        if Session.objects.filter(summit=summit, slug=slug).exists():
            continue
        session = Session(
            summit=summit,
            slug=slug,
            title=title.format(next_year=day.year + 1),
            session_type=kind,
            start=_at(day, start),
            end=_at(day, end),
            room=rooms[room] if room < len(rooms) else None,
            track=tracks[track] if track is not None and track < len(tracks) else None,
            description=DESCRIPTIONS[kind],
            **extra,
        )
        session.speakers.set([speakers[slug] for slug in people if slug in speakers])
        session.commitments.set([commitments[s] for s in tagged if s in commitments])
        session.save()
        added += 1
    return summit, added


def point_home_at(summit):
    home = HomePage.objects.first()
    if home is None or home.summit_page_id:
        return
    home.summit_page = summit
    home.summit_heading = home.summit_heading or summit.title
    home.summit_text = home.summit_text or summit.summary
    home.save_revision().publish()


def seed(*, stdout):
    index = SummitIndexPage.objects.first()
    if index is None:
        return
    summits = []
    for spec in SUMMITS:
        summit, added = seed_summit(index, spec)
        summits.append(summit)
        stdout.write(f"Summit {summit.title}: {added} sessions added.")
    point_home_at(summits[-1])
    mark_recurring_sessions(summits)
    seed_last_year(summits[0], stdout=stdout)
    seed_registration(summits[-1], stdout=stdout)
    seed_on_the_day(summits[-1], stdout=stdout)
    seed_postcards(summits[-1], stdout=stdout)
    seed_feedback(summits[0], stdout=stdout)
    seed_call(summits[-1], stdout=stdout)


# Registration for the upcoming summit.

DEMO_ACCESS_CODE = "PARTNER-DEMO"
DEMO_WORKSHOPS = [
    "designing-bus-routes",
    "agri-tech-lab-to-field",
    "water-energy-hotter-fens",
]
# (name, description, capacity, max per order, hidden, workshops, places to book)
TICKET_TYPES = [
    (
        "Partner organisation",
        "For staff of organisations supporting the Shared Ambition.",
        300,
        10,
        False,
        True,
        160,
    ),
    (
        "Public-sector delegate",
        "For councils, the NHS, schools and other public bodies.",
        120,
        5,
        False,
        True,
        120,
    ),
    (
        "Community and voluntary sector",
        "For charities, community groups and social enterprises.",
        80,
        5,
        False,
        False,
        36,
    ),
    (
        "Complimentary partner place",
        "Complimentary places for delivery partners, by invitation (access code).",
        40,
        4,
        True,
        True,
        6,
    ),
]
WAITING = 7  # people waiting for a public-sector place
FIRST_NAMES = [
    "Aisha", "Ben", "Carys", "Dmitri", "Ebony", "Femi", "Greta", "Harvey", "Imran",
    "Joy", "Kieran", "Lena", "Mateo", "Nadia", "Owen", "Pippa", "Quentin", "Rosa",
    "Sunil", "Tamsin", "Uma", "Victor", "Wren", "Yusuf", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Ashdown", "Brightwell", "Calloway", "Dunmore", "Elsworth", "Fenwick",
    "Gransden", "Holloway", "Ickleton", "Jessop", "Kettering", "Linton", "Meldreth",
    "Norcott", "Orwell", "Pampisford", "Quy", "Ramsey", "Stretham", "Thriplow",
]  # fmt: skip
ORGANISATIONS = [
    "Fenland District Council (demo)",
    "Example County Council (demo)",
    "Ouse Valley NHS Trust (demo)",
    "Peterborough Example College (demo)",
    "Cambridge Example University (demo)",
    "Fen Edge Housing Association (demo)",
    "Riverside Community Trust (demo)",
    "Ely Example Chamber of Commerce (demo)",
    "Huntingdonshire Example Library Service (demo)",
    "East Anglia Example Water (demo)",
]
JOB_TITLES = [
    "Policy Officer",
    "Head of Partnerships",
    "Project Manager",
    "Community Development Worker",
    "Chief Executive",
    "Senior Planner",
    "Data Analyst",
]
NEEDS = [
    "Step-free access, please.",
    "Hearing loop in the main hall.",
    "A seat near the front; I lip-read.",
]
DIETS = ["Vegetarian", "Vegan", "Gluten free", "No nuts"]


def seed_registration(summit, *, stdout):
    """Ticket types, the demo access code, speakers' tickets and demo bookings for
    `summit`; adds only what is missing. Nobody is emailed."""
    workshops = list(
        Session.objects.filter(summit=summit, slug__in=DEMO_WORKSHOPS).order_by("start")
    )
    ticket_types = []
    for order_, (
        name,
        description,
        capacity,
        most,
        hidden,
        with_workshops,
        _n,
    ) in enumerate(TICKET_TYPES):
        ticket_type, created = TicketType.objects.get_or_create(
            summit=summit,
            name=name,
            defaults={
                "description": description,
                "capacity": capacity,
                "max_per_order": most,
                "requires_code": hidden,
                "sort_order": order_,
            },
        )
        if created and with_workshops:
            ticket_type.workshops.set(workshops)
        ticket_types.append(ticket_type)
    _seed_paid_ticket_types(summit, first_sort_order=len(TICKET_TYPES))
    code, _created = AccessCode.objects.get_or_create(
        summit=summit,
        code=DEMO_ACCESS_CODE,
        defaults={
            "note": "Delivery partners' complimentary places (demo)",
            "makes_free": True,
            "max_uses": 40,
            "valid_until": summit.registration_closes_at,
        },
    )
    code.ticket_types.add(ticket_types[-1])
    _give_demo_speakers_emails(summit)
    issued, _cancelled = issue_speaker_tickets(summit=summit, notify=False)
    booked = 0
    if not Attendee.objects.filter(
        summit=summit, ticket_type__for_speakers=False
    ).exists():
        booked = _book_demo_places(summit, ticket_types, workshops, code)
    answered = seed_registration_questions(summit)
    stdout.write(
        f"Registration for {summit.title}: {len(ticket_types)} ticket types, "
        f"{issued} speaker tickets issued, {booked} demo places booked, "
        f"{answered} registration answers. "
        f"Demo access code for complimentary places: {DEMO_ACCESS_CODE}"
    )


# (name, description, price in pence, capacity, can be paid by invoice). Card
# payment needs the Stripe settings; without them the card-only type is listed but
# can't be chosen, and the other is paid by invoice.
PAID_TICKET_TYPES = [
    (
        "Commercial delegate",
        "For businesses and consultancies. Pay by card; refundable until two weeks "
        "before the summit.",
        12500,
        60,
        False,
    ),
    (
        "Public body (invoice available)",
        "For councils and other public bodies: pay by card, or by invoice with a "
        "purchase order number.",
        9500,
        80,
        True,
    ),
]


def _seed_paid_ticket_types(summit, *, first_sort_order):
    for offset, (name, description, price, capacity, invoice) in enumerate(
        PAID_TICKET_TYPES
    ):
        TicketType.objects.get_or_create(
            summit=summit,
            name=name,
            defaults={
                "description": description,
                "price": price,
                "capacity": capacity,
                "max_per_order": 5,
                "allows_invoice": invoice,
                "refund_deadline": summit.start - datetime.timedelta(days=14),
                "sort_order": first_sort_order + offset,
            },
        )


def _give_demo_speakers_emails(summit):
    """Demo speakers get example.org addresses, so they receive speakers' tickets."""
    for speaker in Speaker.objects.filter(sessions__summit=summit, email="").distinct():
        Speaker.objects.filter(pk=speaker.pk).update(
            email=f"{speaker.slug}@example.org"
        )


def _book_demo_places(summit, ticket_types, workshops, code):
    """A few hundred invented bookings, written in bulk (no emails, no services:
    the demo knows it stays within capacity). One ticket type ends up sold out,
    with people on its waiting list."""
    rng = random.Random(2026)
    now = summit.registration_opens_at or summit.first_published_at
    workshop_left = {session.pk: session.capacity * 2 // 3 for session in workshops}
    people = (
        (first, last) for last in LAST_NAMES for first in FIRST_NAMES
    )  # 500 distinct names
    orders, attendees, choices = [], [], []
    references = set(Order.objects.values_list("reference", flat=True))
    for ticket_type, spec in zip(ticket_types, TICKET_TYPES, strict=True):
        remaining = spec[-1]
        while remaining:
            size = min(rng.choice([1, 1, 1, 2, 2, 3, 4]), remaining, spec[3])
            remaining -= size
            reference = unused_reference(summit, references)
            order = Order(
                reference=reference,
                summit=summit,
                status=OrderStatus.CONFIRMED,
                access_code=code if ticket_type.requires_code else None,
            )
            orders.append(order)
            organisation = rng.choice(ORGANISATIONS)
            for number in range(1, size + 1):
                first, last = next(people)
                unnamed = number > 1 and rng.random() < 0.1
                attendee = Attendee(
                    order=order,
                    number=number,
                    summit=summit,
                    ticket_type=ticket_type,
                    status=AttendeeStatus.CONFIRMED,
                    uses_access_code=ticket_type.requires_code,
                    claim_token=new_token() if unnamed else None,
                )
                if not unnamed:
                    attendee.name = f"{first} {last}"
                    attendee.email = f"{first}.{last}@example.org".lower()
                    attendee.organisation = organisation
                    attendee.job_title = rng.choice(JOB_TITLES)
                    attendee.accessibility_needs = (
                        rng.choice(NEEDS) if rng.random() < 0.08 else ""
                    )
                    attendee.dietary_requirements = (
                        rng.choice(DIETS) if rng.random() < 0.25 else ""
                    )
                    attendee.privacy_accepted_at = now
                    attendee.consent_attendee_list = rng.random() < 0.6
                    attendee.consent_updates = rng.random() < 0.4
                    if spec[5]:  # this type offers workshops
                        for session in workshops:
                            if workshop_left[session.pk] and rng.random() < 0.3:
                                workshop_left[session.pk] -= 1
                                choices.append((attendee, session))
                attendees.append(attendee)
    code.uses = sum(1 for attendee in attendees if attendee.uses_access_code)
    code.save(update_fields=["uses"])
    Order.objects.bulk_create(orders)
    for attendee in attendees:
        attendee.order_id = attendee.order.pk
    Attendee.objects.bulk_create(attendees)
    Attendee.workshops.through.objects.bulk_create(
        Attendee.workshops.through(attendee_id=attendee.pk, session_id=session.pk)
        for attendee, session in choices
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                order=order,
                to_status=OrderStatus.CONFIRMED,
                note="Demo booking.",
            )
            for order in orders
        ]
    )
    sold_out = ticket_types[1]
    for first, last in list(people)[:WAITING]:
        WaitingListEntry.objects.create(
            ticket_type=sold_out,
            name=f"{first} {last}",
            email=f"{first}.{last}@example.org".lower(),
            status=WaitingListStatus.WAITING,
        )
    return len(attendees)


# (question, help text, kind, choices, required, share of named places answering)
DEMO_QUESTIONS = [
    (
        "Which strand of the summit interests you most?",
        "We use this to size the rooms (demo question).",
        QuestionKind.CHOICE,
        "Growing together\nConnected places\nBoth equally",
        True,
        1.0,
    ),
    (
        "Would you like any of these sessions recorded for your colleagues?",
        "Tick any (demo question).",
        QuestionKind.MULTIPLE_CHOICE,
        "Opening keynote\nPanel discussions\nWorkshops",
        False,
        0.5,
    ),
    (
        "Will you stay for the evening reception?",
        "",
        QuestionKind.YES_NO,
        "",
        False,
        0.8,
    ),
]


def seed_registration_questions(summit):
    """The demo questions on `summit` (kept for the default 90 days), and answers
    for its named demo places that have none yet. Returns how many answers were
    added."""
    rng = random.Random(18)
    questions = []
    for order_, (label, help_text, kind, choices, required, _share) in enumerate(
        DEMO_QUESTIONS
    ):
        question, _created = RegistrationQuestion.objects.get_or_create(
            summit=summit,
            label=label,
            defaults={
                "help_text": help_text,
                "kind": kind,
                "choices": choices,
                "required": required,
                "sort_order": order_,
            },
        )
        questions.append(question)
    places = (
        Attendee.objects.filter(summit=summit, ticket_type__for_speakers=False)
        .exclude(email="")
        .filter(answers__isnull=True)
        .order_by("pk")
    )
    now = summit.registration_opens_at or summit.first_published_at
    answers = []
    for attendee in places:
        for question, spec in zip(questions, DEMO_QUESTIONS, strict=True):
            if rng.random() >= spec[-1]:
                continue
            if question.kind == QuestionKind.YES_NO:
                value = rng.random() < 0.7
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                value = rng.sample(question.choice_list, rng.choice([1, 1, 2]))
            else:
                value = rng.choice(question.choice_list)
            answers.append(
                RegistrationAnswer(
                    attendee=attendee, question=question, value=value, answered_at=now
                )
            )
    RegistrationAnswer.objects.bulk_create(answers)
    return len(answers)
