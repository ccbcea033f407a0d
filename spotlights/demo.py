"""Demo delivery stories. Every organisation, person and figure here is invented."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from events.demo import SUMMITS, summit_slug
from events.models import SummitPage
from framework.models import Commitment
from home.demo_clock import demo_date
from home.demo_images import demo_image
from signatories.models import Signatory

from .models import (
    SpotlightDistrict,
    SpotlightIndexPage,
    SpotlightPage,
    SpotlightPartner,
    StoryProposal,
)

DEMO_NOTE = (
    "<p><strong>Demo content.</strong> This story, its organisations and its figures "
    "are invented for trying the site out.</p>"
)

# (title, organisations, commitment slugs, districts, date on the demo calendar,
# featured, figures, quote)
STORIES = [
    (
        "Village bus link doubles evening journeys",
        ["Fenland Community Transport (demo)"],
        ["sustainable-transport-for-all", "connected-cities-towns-villages"],
        ["fenland"],
        (2026, 9, 18),
        True,
        [("2x", "evening journeys"), ("640", "riders a week")],
        "I can take the late shift now and still get home.",
    ),
    (
        "Solar roofs on forty village halls",
        ["Cambridgeshire Community Energy (demo)", "Parish Halls Network (demo)"],
        ["secure-water-energy", "climate-adaptation-net-zero"],
        ["south-cambridgeshire", "east-cambridgeshire"],
        (2026, 9, 2),
        True,
        [("40", "halls with solar panels"), ("£85k", "saved on bills each year")],
        "Our hall's running costs halved in the first summer.",
    ),
    (
        "Digital skills cafés reach 1,200 residents",
        ["Peterborough Libraries Trust (demo)"],
        ["digital-connectivity-for-all", "education-skills-employment-for-all"],
        ["peterborough"],
        (2026, 8, 21),
        True,
        [("1,200", "residents helped online"), ("18", "weekly cafés")],
        "I video-call my grandchildren every Sunday now.",
    ),
    (
        "Wetland restored on the edge of the fens",
        ["Great Ouse Wildlife Partnership (demo)", "Ramsey Wetland Keepers (demo)"],
        ["restore-enhance-nature"],
        ["huntingdonshire"],
        (2026, 8, 5),
        False,
        [("120", "hectares rewetted"), ("31", "bird species recorded")],
        "",
    ),
    (
        "Apprenticeships in agri-tech for school leavers",
        ["Fen Edge Growers (demo)", "Isle College (demo)"],
        ["pioneer-agritech-sustainable-food", "education-skills-employment-for-all"],
        ["east-cambridgeshire", "fenland"],
        (2026, 7, 24),
        False,
        [("36", "apprentices in the first year")],
        "I never knew farming used robots.",
    ),
    (
        "Social prescribing link workers in every GP practice",
        ["Huntingdonshire Health Alliance (demo)"],
        ["harness-health-wellbeing", "thriving-inclusive-communities"],
        ["huntingdonshire"],
        (2026, 7, 10),
        False,
        [("2,300", "referrals in twelve months")],
        "",
    ),
    (
        "Affordable homes built to net zero standards",
        ["Cam Valley Housing Association (demo)"],
        ["homes-for-all", "climate-adaptation-net-zero"],
        ["cambridge"],
        (2026, 6, 27),
        False,
        [("84", "new affordable homes"), ("0", "gas boilers")],
        "",
    ),
    (
        "Science park opens its labs to local start-ups",
        ["Cambridge Innovation Quarter (demo)"],
        ["champion-innovation-research", "grow-diverse-inclusive-economy"],
        ["cambridge", "south-cambridgeshire"],
        (2026, 6, 12),
        False,
        [("22", "start-ups hosted"), ("150", "jobs created")],
        "Shared lab space let us test our idea for a fraction of the cost.",
    ),
    (
        "Heritage open days draw record crowds to market towns",
        ["Market Towns Heritage Forum (demo)", "Chatteris Heritage Society (demo)"],
        ["celebrate-culture-heritage", "connected-cities-towns-villages"],
        ["east-cambridgeshire", "huntingdonshire", "fenland"],
        (2026, 5, 29),
        False,
        [("48,000", "visits over two weekends")],
        "",
    ),
    (
        "Supported employment for young people leaving care",
        ["Pathways Peterborough (demo)", "Peterborough Skills Partnership (demo)"],
        ["education-skills-employment-for-all", "thriving-inclusive-communities"],
        ["peterborough"],
        (2026, 5, 14),
        False,
        [("57", "young people in work")],
        "Someone believed I could do it.",
    ),
    (
        "Reservoir partnership plans for drier summers",
        ["Fens Water Resources Group (demo)", "Anglian Fens Water Alliance (demo)"],
        ["secure-water-energy", "climate-adaptation-net-zero"],
        ["cambridgeshire"],
        (2026, 4, 30),
        False,
        [("15%", "less water lost to leaks")],
        "",
    ),
    (
        "Gigabit broadband reaches remote farms",
        ["Rural Connect Cambridgeshire (demo)", "Fibre for the Fens (demo)"],
        ["digital-connectivity-for-all", "pioneer-agritech-sustainable-food"],
        ["fenland", "huntingdonshire"],
        (2026, 4, 16),
        False,
        [("3,100", "rural premises connected")],
        "",
    ),
    (
        "Community food hubs cut waste and hunger",
        ["Cambridge Food Network (demo)"],
        ["harness-health-wellbeing", "pioneer-agritech-sustainable-food"],
        ["cambridge"],
        (2026, 3, 26),
        False,
        [("210", "tonnes of food redistributed")],
        "",
    ),
    (
        "Women in tech mentoring scheme doubles in size",
        ["Silicon Fen Mentors (demo)"],
        ["grow-diverse-inclusive-economy", "champion-innovation-research"],
        ["cambridge", "peterborough"],
        (2026, 3, 5),
        False,
        [("400", "mentoring pairs")],
        "My mentor helped me ask for the promotion.",
    ),
    (
        "Safe cycle routes to every secondary school",
        ["South Cambs Active Travel (demo)"],
        ["sustainable-transport-for-all", "harness-health-wellbeing"],
        ["south-cambridgeshire"],
        (2026, 2, 19),
        False,
        [("11", "schools linked"), ("38%", "of pupils now cycle")],
        "",
    ),
    (
        "Hedgerows planted by volunteers across the county",
        ["Cambridgeshire Hedgerow Trust (demo)"],
        ["restore-enhance-nature", "thriving-inclusive-communities"],
        ["cambridgeshire"],
        (2026, 1, 29),
        False,
        [("27 km", "of new hedgerow")],
        "",
    ),
    (
        "Homes retrofitted for warmth in older terraces",
        ["Warm Homes Peterborough (demo)"],
        ["homes-for-all", "harness-health-wellbeing"],
        ["peterborough"],
        (2025, 12, 11),
        False,
        [("520", "homes insulated")],
        "The house is warm for the first time in years.",
    ),
    (
        "Festival of ideas travels to the villages",
        ["Fens Arts Collective (demo)"],
        ["celebrate-culture-heritage", "thriving-inclusive-communities"],
        ["east-cambridgeshire", "fenland"],
        (2025, 11, 20),
        False,
        [("36", "village events")],
        "",
    ),
    (
        "Research partnership tests flood-ready farming",
        ["Anglia Soil Research Centre (demo)"],
        [
            "champion-innovation-research",
            "climate-adaptation-net-zero",
            "pioneer-agritech-sustainable-food",
        ],
        ["fenland", "outside"],
        (2025, 10, 30),
        False,
        [("14", "trial farms")],
        "",
    ),
    (
        "Demand-responsive buses link villages to stations",
        ["Huntingdonshire On-Demand (demo)"],
        ["sustainable-transport-for-all", "connected-cities-towns-villages"],
        ["huntingdonshire", "south-cambridgeshire"],
        (2025, 10, 9),
        False,
        [("9,800", "trips booked")],
        "",
    ),
]

# Stories presented at the past demo summit (events.demo), by title.
PRESENTED_AT_PAST_SUMMIT = {
    "Festival of ideas travels to the villages",
    "Research partnership tests flood-ready farming",
    "Demand-responsive buses link villages to stations",
}


def _body(title, organisations, figures, quote):
    body = [
        (
            "paragraph",
            f"<p>{organisations[0]} worked with partners across the region on this "
            "project. Here is what changed, in numbers and in people's words.</p>",
        ),
        (
            "key_figures",
            {
                "heading": "In numbers",
                "figures": [{"figure": f, "label": label} for f, label in figures],
            },
        ),
    ]
    if quote:
        body.append(
            (
                "quote",
                {"quote": quote, "attribution": "A participant (demo)", "role": ""},
            )
        )
    body.append(("paragraph", DEMO_NOTE))
    return body


def seed_story(index, number, spec, commitments, *, signatories, summit):
    """Add one story; partners named like a register entry link to it."""
    title, organisations, slugs, districts, date, featured, figures, quote = spec
    slug = slugify(title)
    if SpotlightPage.objects.child_of(index).filter(slug=slug).exists():
        return False
    day = demo_date(*date)
    published = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    page = SpotlightPage(
        title=title,
        slug=slug,
        standfirst=(
            f"{organisations[0].removesuffix(' (demo)')} and partners on what changed, "
            "for whom, and what comes next."
        ),
        date=day,
        featured=featured,
        hero_image=demo_image(f"Demo story: {title}", seed=100 + number),
        hero_image_alt=f"Abstract artwork standing in for a photo of {title.lower()}.",
        body=_body(title, organisations, figures, quote),
        first_published_at=published,
        summit=summit if title in PRESENTED_AT_PAST_SUMMIT else None,
        live=False,
    )
    page.commitments = [commitments[s] for s in slugs]
    page.partners = [
        SpotlightPartner(name=name, signatory=signatories.get(name))
        for name in organisations
    ]
    page.district_links = [SpotlightDistrict(district=d) for d in districts]
    index.add_child(instance=page)
    page.save_revision().publish()
    return True


def seed_proposal(index, commitments):
    """One draft waiting for editors, as the public form leaves it."""
    title = "Repair café network proposes a story"
    slug = "repair-cafe-network-proposal"
    if SpotlightPage.objects.child_of(index).filter(slug=slug).exists():
        return
    page = SpotlightPage(
        title=title,
        slug=slug,
        standfirst="Volunteers fixing toasters, bikes and laptops in twelve towns.",
        body=[("paragraph", "<p>We would love to share what our volunteers do.</p>")],
        live=False,
    )
    page.commitments = [commitments["thriving-inclusive-communities"]]
    page.partners = [SpotlightPartner(name="Repair Cafés East (demo)")]
    index.add_child(instance=page)
    page.save_revision()
    StoryProposal.objects.create(
        page=page,
        organisation="Repair Cafés East (demo)",
        contact_name="Sam Example (demo)",
        contact_email="sam.example@example.org",
    )


def seed(*, stdout):
    index = SpotlightIndexPage.objects.first()
    commitments = {c.slug: c for c in Commitment.objects.all()}
    if index is None or not commitments:
        stdout.write("Stories: skipped (no stories index or framework yet).")
        return
    signatories = {s.name: s for s in Signatory.objects.public()}
    past, _upcoming = SUMMITS
    summit = SummitPage.objects.filter(slug=summit_slug(past)).first()
    added = sum(
        seed_story(
            index,
            number,
            spec,
            commitments,
            signatories=signatories,
            summit=summit,
        )
        for number, spec in enumerate(STORIES)
    )
    seed_proposal(index, commitments)
    stdout.write(f"Stories: {added} demo stories added under /{index.slug}/.")
