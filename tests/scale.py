"""Grow the seeded demo to the size a busy year reaches, in seconds.

`grow()` adds rows on top of `seed_demo` (`tests.seeding.seed_demo()` in tests,
`manage.py seed_demo` otherwise): public signatories, published stories, sessions at
the latest live summit and confirmed places at it. Everything goes in with
`bulk_create`, so 10,000 rows take seconds on SQLite and PostgreSQL alike; the price
is what bulk inserts skip: signals, page revisions and search index entries. Cached
counts and pages are cleared at the end, as the skipped signals would have done.

`grow()` may run more than once: each call names its rows with a fresh batch code.
"""

import datetime
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from events.choices import AttendeeStatus, OrderStatus, SessionType
from events.models import Attendee, Order, Room, Session, SummitPage, TicketType, Track
from framework.models import Commitment
from signatories.choices import District, OrganisationType, SignatoryStatus
from signatories.matching import normalise_name
from signatories.models import Signatory
from speakers.models import Speaker
from spotlights.models import (
    SpotlightDistrict,
    SpotlightIndexPage,
    SpotlightPage,
    SpotlightPartner,
)

BATCH_SIZE = 500
# One new speaker for this many new sessions (each session has one or two).
SESSIONS_PER_SPEAKER = 3
# New sessions start on this grid, through the summit's opening hours.
SLOT = datetime.timedelta(minutes=15)
SESSION_LENGTH = datetime.timedelta(minutes=30)
# Session types in the rotation: mostly breakouts, as a real programme.
SESSION_TYPES = [
    SessionType.BREAKOUT,
    SessionType.BREAKOUT,
    SessionType.PANEL,
    SessionType.WORKSHOP,
    SessionType.BREAKOUT,
    SessionType.KEYNOTE,
]


def grow(*, signatories: int, stories: int, sessions: int, attendees: int) -> None:
    """Add that many approved signatories, published stories, sessions at the latest
    live summit and confirmed attendees at it (raising its ticket types' capacity by
    the places added, so places left stay as they were)."""
    batch = secrets.token_hex(3)
    commitments = list(Commitment.objects.order_by("pk"))
    with transaction.atomic():
        added = _signatories(signatories, batch, commitments)
        _stories(stories, batch, commitments, partners=added)
        summit = SummitPage.objects.live().order_by("-start").first()
        if summit is not None:
            _sessions(summit, sessions, batch, commitments)
            _attendees(summit, attendees, batch)
    # Bulk inserts send no signals: forget cached counts and pages as they would.
    cache.clear()


def _signatories(count, batch, commitments):
    now = timezone.now()
    types, districts = OrganisationType.values, District.values
    rows = []
    for number in range(count):
        name = f"Scale Organisation {batch} {number:05d}"
        rows.append(
            Signatory(
                name=name,
                slug=f"scale-organisation-{batch}-{number}",
                normalised_name=normalise_name(name),
                organisation_type=types[number % len(types)],
                # A different stride, so every type meets every district.
                district=districts[(number // len(types)) % len(districts)],
                pledge=f"{name} pledges to play its part in the Shared Ambition.",
                contact_name=f"Contact {number}",
                contact_role="Director",
                contact_email=f"contact-{batch}-{number}@example.org",
                status=SignatoryStatus.APPROVED,
                confirmed_at=now,
                approved_at=now,
            )
        )
    created = Signatory.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if commitments:
        through = Signatory.commitments.through
        through.objects.bulk_create(
            (
                through(signatory_id=signatory.pk, commitment_id=commitment.pk)
                for number, signatory in enumerate(created)
                for commitment in _some(commitments, number, 1 + number % 3)
            ),
            batch_size=BATCH_SIZE,
        )
    return created


def _stories(count, batch, commitments, *, partners):
    """Published stories under the stories index, inserted as the page tree would
    store them (treebeard paths after the index's last child), without revisions.
    Adding them one by one through `add_child` takes about 0.2 s each."""
    index = SpotlightIndexPage.objects.first()
    if index is None or not count:
        return
    images = list(
        SpotlightPage.objects.filter(hero_image__isnull=False)
        .order_by("pk")
        .values_list("hero_image", "hero_image_alt")
        .distinct()[:8]
    )
    last = index.get_last_child()
    first = last._get_lastpos_in_path() + 1 if last else 1
    depth = index.depth + 1
    content_type = ContentType.objects.get_for_model(SpotlightPage)
    locale = Locale.get_default()
    now = timezone.now()
    today = timezone.localdate()
    pages = []
    for number in range(count):
        slug = f"scale-story-{batch}-{number}"
        published = now - datetime.timedelta(hours=number)
        pages.append(
            Page(
                title=f"Scale story {batch} {number}",
                draft_title=f"Scale story {batch} {number}",
                slug=slug,
                path=Page._get_path(index.path, depth, first + number),
                depth=depth,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
            )
        )
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    ids = dict(
        Page.objects.filter(path__in=[page.path for page in pages]).values_list(
            "path", "pk"
        )
    )
    stories = []
    for number, page in enumerate(pages):
        image, alt = images[number % len(images)] if images else (None, "")
        stories.append(
            SpotlightPage(
                page_ptr_id=ids[page.path],
                standfirst=f"What changed in {page.title.lower()}, and for whom.",
                date=today - datetime.timedelta(days=number % 730),
                hero_image_id=image,
                hero_image_alt=alt,
                body=[],
                featured=False,
            )
        )
    fields = SpotlightPage._meta.local_concrete_fields
    for offset in range(0, len(stories), BATCH_SIZE):
        SpotlightPage.objects._insert(stories[offset : offset + BATCH_SIZE], fields)
    if commitments:
        through = SpotlightPage.commitments.through
        through.objects.bulk_create(
            (
                through(spotlightpage_id=story.page_ptr_id, commitment_id=c.pk)
                for number, story in enumerate(stories)
                for c in _some(commitments, number, 2)
            ),
            batch_size=BATCH_SIZE,
        )
    SpotlightPartner.objects.bulk_create(
        (
            partner
            for number, story in enumerate(stories)
            for partner in _partners(story.page_ptr_id, number, partners)
        ),
        batch_size=BATCH_SIZE,
    )
    districts = District.values
    SpotlightDistrict.objects.bulk_create(
        (
            SpotlightDistrict(page_id=story.page_ptr_id, district=district)
            for number, story in enumerate(stories)
            for district in _some(districts, number, 1 + number % 2)
        ),
        batch_size=BATCH_SIZE,
    )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)


def _partners(page_id, number, signatories):
    """One partner named freely, and every other story one from the register."""
    yield SpotlightPartner(
        page_id=page_id, name=f"Scale Partner {number % 50} (test)", sort_order=0
    )
    if signatories and number % 2:
        signatory = signatories[number % len(signatories)]
        yield SpotlightPartner(
            page_id=page_id, signatory=signatory, name=signatory.name, sort_order=1
        )


def _sessions(summit, count, batch, commitments):
    """`count` sessions on a 15-minute grid through the summit's first day, across four
    new rooms and tracks (every tenth for everyone), each with one or two speakers
    (new ones, with the demo speakers' photos) and two commitments."""
    if not count:
        return
    rooms = Room.objects.bulk_create(
        Room(summit=summit, name=f"Scale room {batch} {n}", sort_order=100 + n)
        for n in range(4)
    )
    tracks = Track.objects.bulk_create(
        Track(summit=summit, name=f"Scale track {batch} {n}", sort_order=100 + n)
        for n in range(4)
    )
    photos = list(
        Speaker.objects.filter(photo__isnull=False)
        .order_by("pk")
        .values_list("photo", flat=True)[:8]
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"Scale Speaker {batch} {n}",
            slug=f"scale-speaker-{batch}-{n}",
            role="Programme lead",
            organisation=f"Scale Organisation {n}",
            bio="Leads work on the Shared Ambition in their organisation.",
            photo_id=photos[n % len(photos)] if photos else None,
        )
        for n in range(max(count // SESSIONS_PER_SPEAKER, 1))
    )
    # The first day's opening hours (a summit's end is on its last day).
    start, end = timezone.localtime(summit.start), timezone.localtime(summit.end)
    closing = start.replace(hour=end.hour, minute=end.minute)
    slots = max((closing - start - SESSION_LENGTH) // SLOT + 1, 1)
    sessions = Session.objects.bulk_create(
        (
            Session(
                summit=summit,
                title=f"Scale session {batch} {n}",
                slug=f"scale-session-{batch}-{n}",
                session_type=SESSION_TYPES[n % len(SESSION_TYPES)],
                start=start + SLOT * (n % slots),
                end=start + SLOT * (n % slots) + SESSION_LENGTH,
                room=rooms[n % len(rooms)],
                track=None if n % 10 == 0 else tracks[n % len(tracks)],
                description="What the session covers.\n\nWho should come.",
                live_captions=n % 2 == 0,
                step_free=True,
            )
            for n in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    speaker_links = Session.speakers.through
    speaker_links.objects.bulk_create(
        (
            speaker_links(session_id=session.pk, speaker_id=speaker.pk)
            for n, session in enumerate(sessions)
            for speaker in _some(speakers, n, 1 + n % 2)
        ),
        batch_size=BATCH_SIZE,
    )
    if commitments:
        tags = Session.commitments.through
        tags.objects.bulk_create(
            (
                tags(session_id=session.pk, commitment_id=c.pk)
                for n, session in enumerate(sessions)
                for c in _some(commitments, n, 2)
            ),
            batch_size=BATCH_SIZE,
        )


def _attendees(summit, count, batch):
    """`count` confirmed places at the summit's ticket types on sale, in orders of
    one to three; each type's capacity goes up by the places added to it."""
    ticket_types = list(TicketType.objects.for_sale().filter(summit=summit))
    if not ticket_types or not count:
        return
    per_type = {ticket_type.pk: 0 for ticket_type in ticket_types}
    orders, places = [], []
    number = 0
    while number < count:
        size = min(1 + len(orders) % 3, count - number)
        ticket_type = ticket_types[len(orders) % len(ticket_types)]
        reference = f"SC{batch}-{len(orders):05d}".upper()
        orders.append(
            Order(
                reference=reference,
                summit=summit,
                status=OrderStatus.CONFIRMED,
                booker_email=f"booker-{batch}-{len(orders)}@example.org",
            )
        )
        for place in range(size):
            places.append((len(orders) - 1, place + 1, ticket_type, number))
            number += 1
        per_type[ticket_type.pk] += size
    orders = Order.objects.bulk_create(orders, batch_size=BATCH_SIZE)
    types, districts = OrganisationType.values, District.values
    Attendee.objects.bulk_create(
        (
            Attendee(
                order_id=orders[order].pk,
                number=place,
                summit=summit,
                ticket_type=ticket_type,
                status=AttendeeStatus.CONFIRMED,
                name=f"Delegate {n}",
                email=f"delegate-{batch}-{n}@example.org",
                organisation=f"Scale Organisation {n % 400}",
                organisation_type=types[n % len(types)],
                district=districts[n % len(districts)],
                price=ticket_type.price,
                consent_attendee_list=n % 3 == 0,
            )
            for order, place, ticket_type, n in places
        ),
        batch_size=BATCH_SIZE,
    )
    for pk, added in per_type.items():
        TicketType.objects.filter(pk=pk).update(capacity=F("capacity") + added)


def _some(items, number, count):
    """`count` different items from `items`, chosen by `number` (round the list)."""
    count = min(count, len(items))
    return [items[(number + offset) % len(items)] for offset in range(count)]
