"""Demo register: invented organisations, each marked "(demo)", with drawn logos."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils.text import slugify

from framework.models import Commitment
from home.demo_clock import demo_date

from .choices import AuditAction, SignatoryStatus
from .models import AuditEntry, Signatory

# (name, type, district, commitment slugs, status)
APPROVED = SignatoryStatus.APPROVED
PENDING = SignatoryStatus.PENDING
DEMO_SIGNATORIES = [
    (
        "Fenland Community Energy",
        "voluntary",
        "fenland",
        ["secure-water-energy", "climate-adaptation-net-zero"],
        APPROVED,
    ),
    (
        "Ely Riverside Trust",
        "voluntary",
        "east-cambridgeshire",
        ["restore-enhance-nature", "celebrate-culture-heritage"],
        APPROVED,
    ),
    (
        "Cam Valley Robotics",
        "business",
        "cambridge",
        ["champion-innovation-research", "grow-diverse-inclusive-economy"],
        APPROVED,
    ),
    (
        "Peterborough Skills Partnership",
        "education",
        "peterborough",
        ["education-skills-employment-for-all"],
        APPROVED,
    ),
    (
        "Huntingdon Health Collaborative",
        "health",
        "huntingdonshire",
        ["harness-health-wellbeing"],
        APPROVED,
    ),
    (
        "South Cambs Rural Transport Network",
        "voluntary",
        "south-cambridgeshire",
        ["sustainable-transport-for-all", "connected-cities-towns-villages"],
        APPROVED,
    ),
    (
        "Wisbech Growers Co-operative",
        "business",
        "fenland",
        ["pioneer-agritech-sustainable-food", "secure-water-energy"],
        APPROVED,
    ),
    (
        "Cambridgeshire Library Friends",
        "voluntary",
        "cambridgeshire",
        ["celebrate-culture-heritage", "thriving-inclusive-communities"],
        APPROVED,
    ),
    (
        "Fen Edge Primary Academy Trust",
        "education",
        "south-cambridgeshire",
        ["education-skills-employment-for-all"],
        APPROVED,
    ),
    (
        "March Digital Inclusion Hub",
        "voluntary",
        "fenland",
        ["digital-connectivity-for-all"],
        APPROVED,
    ),
    (
        "Great Ouse Housing Association",
        "public-sector",
        "huntingdonshire",
        ["homes-for-all"],
        APPROVED,
    ),
    (
        "Peterborough Makers Guild",
        "business",
        "peterborough",
        ["grow-diverse-inclusive-economy", "champion-innovation-research"],
        APPROVED,
    ),
    (
        "Soham Sports Foundation",
        "voluntary",
        "east-cambridgeshire",
        ["harness-health-wellbeing", "thriving-inclusive-communities"],
        APPROVED,
    ),
    (
        "Anglian Fens Water Alliance",
        "public-sector",
        "cambridgeshire",
        ["secure-water-energy", "climate-adaptation-net-zero"],
        APPROVED,
    ),
    (
        "Cambridge Biotech Exchange",
        "business",
        "cambridge",
        ["champion-innovation-research"],
        APPROVED,
    ),
    (
        "St Neots Youth Forum",
        "voluntary",
        "huntingdonshire",
        ["thriving-inclusive-communities", "education-skills-employment-for-all"],
        APPROVED,
    ),
    (
        "Northstowe Neighbourhood Network",
        "voluntary",
        "south-cambridgeshire",
        ["connected-cities-towns-villages", "homes-for-all"],
        APPROVED,
    ),
    (
        "Chatteris Heritage Society",
        "voluntary",
        "fenland",
        ["celebrate-culture-heritage"],
        APPROVED,
    ),
    (
        "Regional Care Partners",
        "health",
        "peterborough",
        ["harness-health-wellbeing"],
        APPROVED,
    ),
    (
        "Cambridge Cycle Works",
        "business",
        "cambridge",
        ["sustainable-transport-for-all"],
        APPROVED,
    ),
    (
        "East Cambs Further Education College",
        "education",
        "east-cambridgeshire",
        ["education-skills-employment-for-all", "grow-diverse-inclusive-economy"],
        APPROVED,
    ),
    (
        "Ramsey Wetland Keepers",
        "voluntary",
        "huntingdonshire",
        ["restore-enhance-nature"],
        APPROVED,
    ),
    (
        "Nene Valley Solar",
        "business",
        "peterborough",
        ["climate-adaptation-net-zero", "secure-water-energy"],
        APPROVED,
    ),
    (
        "Cottenham Food Bank Network",
        "voluntary",
        "south-cambridgeshire",
        ["thriving-inclusive-communities"],
        APPROVED,
    ),
    (
        "Fibre for the Fens",
        "business",
        "fenland",
        ["digital-connectivity-for-all"],
        APPROVED,
    ),
    (
        "County Public Health Partnership",
        "health",
        "cambridgeshire",
        ["harness-health-wellbeing", "thriving-inclusive-communities"],
        APPROVED,
    ),
    (
        "Ouse Washes Farmers Group",
        "business",
        "east-cambridgeshire",
        ["pioneer-agritech-sustainable-food", "restore-enhance-nature"],
        APPROVED,
    ),
    (
        "Peterborough Arts Quarter",
        "voluntary",
        "peterborough",
        ["celebrate-culture-heritage"],
        APPROVED,
    ),
    (
        "Cambridge Learning Labs",
        "education",
        "cambridge",
        ["champion-innovation-research", "education-skills-employment-for-all"],
        APPROVED,
    ),
    (
        "East Anglian Logistics Forum",
        "business",
        "outside",
        ["sustainable-transport-for-all"],
        APPROVED,
    ),
    (
        "National Rivers Research Institute",
        "other",
        "outside",
        ["restore-enhance-nature", "climate-adaptation-net-zero"],
        APPROVED,
    ),
    (
        "Whittlesey Community Larder",
        "voluntary",
        "fenland",
        ["thriving-inclusive-communities"],
        PENDING,
    ),
    (
        "Huntingdonshire Business Circle",
        "business",
        "huntingdonshire",
        ["grow-diverse-inclusive-economy"],
        PENDING,
    ),
    (
        "3Rivers Youth Theatre",
        "voluntary",
        "cambridge",
        ["celebrate-culture-heritage"],
        PENDING,
    ),
    (
        "Littleport Green Homes",
        "public-sector",
        "east-cambridgeshire",
        ["homes-for-all", "climate-adaptation-net-zero"],
        PENDING,
    ),
]
LOGO_COLOURS = [
    "#12284c",
    "#0b6464",
    "#5c2a86",
    "#a6410b",
    "#1e6b34",
    "#9b1c5c",
    "#0b5d9e",
]
FIRST_APPROVED_ON = (2025, 11, 20)  # on the demo calendar (home.demo_clock)


def demo_logo(name, seed):
    """A monogram on a coloured shape: looks like a logo, belongs to no one."""
    # Heavy library: loaded only when an image is handled.
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    colour = rng.choice(LOGO_COLOURS)
    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if rng.random() < 0.5:
        draw.ellipse((8, 8, 232, 232), fill=colour)
    else:
        draw.rounded_rectangle((8, 8, 232, 232), radius=36, fill=colour)
    letters = "".join(word[0] for word in name.split() if word[0].isalnum())[:2]
    font = ImageFont.load_default(size=96)
    draw.text((120, 124), letters.upper(), fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="logo.png")


def seed(*, stdout):
    commitments = {
        commitment.slug: commitment for commitment in Commitment.objects.all()
    }
    first_approved = datetime.datetime.combine(
        demo_date(*FIRST_APPROVED_ON), datetime.time(10), tzinfo=datetime.UTC
    )
    created = 0
    for position, (name, kind, district, slugs, status) in enumerate(DEMO_SIGNATORIES):
        full_name = f"{name} (demo)"
        slug = slugify(full_name)
        if Signatory.objects.filter(slug=slug).exists():
            continue
        approved_at = first_approved + datetime.timedelta(days=9 * position)
        signatory = Signatory(
            name=full_name,
            slug=slug,
            organisation_type=kind,
            district=district,
            website=f"https://{slugify(name)}.example.org/",
            pledge=(
                f"{name} will work with partners across the region on the "
                "commitments below, and report what we deliver at each annual "
                "summit. (Demo pledge.)"
            ),
            contact_name="Demo Contact",
            contact_role="Partnerships lead (demo)",
            contact_email=f"{slug}@example.org",
            status=status,
            confirmed_at=approved_at - datetime.timedelta(days=2),
            approved_at=approved_at if status == APPROVED else None,
        )
        if position % 4 != 3:  # some organisations give no logo
            signatory.logo.save("logo.png", demo_logo(name, position), save=False)
        signatory.commitments.set([commitments[s] for s in slugs if s in commitments])
        signatory.save()
        AuditEntry.objects.create(
            signatory=signatory,
            action=AuditAction.APPROVED
            if status == APPROVED
            else AuditAction.CONFIRMED,
            status=status,
            reason="Demo content.",
        )
        created += 1
    waiting = Signatory.objects.filter(status=PENDING).count()
    stdout.write(
        f"Signatories: {created} demo organisations added; {waiting} await approval "
        f"at /admin/signatories/ (register at /signatories/)."
    )
