"""Demo page tree and staff accounts. Everything here is invented and says so."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from wagtail.models import Page, Site

from .demo_clock import demo_date
from .models import HomePage, SiteChrome, StandardPage

DEMO_PASSWORD = "summit-demo-2026"
DEMO_ACCOUNTS = [
    # (username, email, groups, superuser)
    ("admin", "admin@example.org", [], True),
    ("editor", "editor@example.org", ["Editors"], False),
    ("moderator", "moderator@example.org", ["Moderators"], False),
    ("events", "events@example.org", ["Event managers"], False),
    ("checkin", "checkin@example.org", ["Check-in staff"], False),
]
# Section pages (some made by other apps' demos), linked in the header in this order.
NAVIGATION = [
    ("about", "About"),
    ("summit", "Summit"),
    ("showcase", "Commitments"),
    ("stories", "Delivery stories"),
    ("signatories", "Supporters"),
]

DEMO_NOTE = (
    "<p><strong>Demo content.</strong> This site holds invented sample content "
    "for trying the product out. It is not an official publication.</p>"
)


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


def seed_accounts():
    for username, email, groups, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": True, "is_superuser": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.first_name = username.title()
            user.last_name = "(demo)"
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


def seed_home():
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's installer leaves a bare placeholder page (and a site) at the root.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = root.add_child(instance=HomePage(**HOME_PAGE))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Shared Ambition",
        },
    )
    return home


def seed_standard_page(parent, *, slug, title, introduction, body):
    page = StandardPage.objects.child_of(parent).filter(slug=slug).first()
    if page:
        return page
    return parent.add_child(
        instance=StandardPage(
            title=title,
            slug=slug,
            introduction=introduction,
            body=body,
            last_reviewed=demo_date(2026, 9, 1),
        )
    )


def seed(*, stdout):
    seed_accounts()
    home = seed_home()
    seed_standard_page(
        home,
        slug="about",
        title="About the Shared Ambition",
        introduction=(
            "A strategic framework to 2050, approved by the Combined Authority Board "
            "on 16 October 2024 after months of engagement across the region."
        ),
        body=[
            _heading("One statement, three values, four outcomes"),
            _paragraph(
                "<p>The Shared Ambition is framed by a single statement. Three values "
                "shape how partners act, four outcomes describe the region we want by "
                "2050 and fourteen commitments say how we will get there.</p>"
            ),
            _heading("An annual summit"),
            _paragraph(
                "<p>The Combined Authority convenes a summit every year to champion "
                "delivery against the outcomes and commitments, spotlight the work of a "
                "wide range of organisations and keep the common focus relevant.</p>"
            ),
            _paragraph(DEMO_NOTE),
        ],
    )
    accessibility = seed_standard_page(
        home,
        slug="accessibility",
        title="Accessibility statement",
        introduction="This statement applies to the Shared Ambition website.",
        body=ACCESSIBILITY_BODY,
    )
    privacy = seed_standard_page(
        home,
        slug="privacy",
        title="Privacy notice",
        introduction="How we use the personal information you give us on this website.",
        body=PRIVACY_BODY,
    )
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.accessibility_statement = chrome.accessibility_statement or accessibility
    chrome.privacy_notice = chrome.privacy_notice or privacy
    chrome.contact_email = chrome.contact_email or "summit@example.org"
    if not chrome.footer_text:
        chrome.footer_text = (
            "<p>Demo site for the Shared Ambition, convened by the Cambridgeshire "
            "&amp; Peterborough Combined Authority with its partners.</p>"
        )
    chrome.save()
    stdout.write(
        f"Pages: home, about, accessibility statement and privacy notice under /{home.slug}."
    )


def finish(*, stdout):
    """Link each section page in the header once it exists, then print the logins."""
    site = Site.objects.get(is_default_site=True)
    chrome = SiteChrome.for_site(site)
    links = [(block.block_type, block.value) for block in chrome.header_links]
    linked = {value["page"].pk for _, value in links if value["page"]}
    sections = {
        page.slug: page
        for page in site.root_page.get_children()
        .live()
        .filter(slug__in=[slug for slug, _ in NAVIGATION])
    }
    additions = [
        ("link", {"text": label, "page": sections[slug], "url": ""})
        for slug, label in NAVIGATION
        if slug in sections and sections[slug].pk not in linked
    ]
    if additions:
        chrome.header_links = links + additions
        chrome.save()

    stdout.write("")
    stdout.write(f"Demo accounts, all with the password {DEMO_PASSWORD}:")
    for _username, email, groups, superuser in DEMO_ACCOUNTS:
        role = "administrator" if superuser else ", ".join(groups)
        stdout.write(f"  {email:<24} {role}")
    stdout.write(
        f"Admin: http://127.0.0.1:8000/admin/ - sign in as admin@example.org / {DEMO_PASSWORD}"
    )


ACCESSIBILITY_BODY = [
    _paragraph(
        "<p>This website is run by the Cambridgeshire &amp; Peterborough Combined "
        "Authority on behalf of Shared Ambition partners. We want as many people as "
        "possible to be able to use it. For example, you should be able to:</p>"
        "<ul><li>change colours, contrast levels and fonts using browser or device "
        "settings</li><li>zoom in up to 400% without the text spilling off the screen"
        "</li><li>navigate most of the website using a keyboard or speech recognition "
        "software</li><li>listen to most of the website using a screen reader</li></ul>"
    ),
    _heading("How accessible this website is"),
    _paragraph(
        "<p>We test every public page against the Web Content Accessibility Guidelines "
        "(WCAG) 2.2 at level AA with automated checks, and by hand with a keyboard and a "
        "screen reader. We know of no failures at the date below.</p>"
    ),
    _heading("Feedback and contact information"),
    _paragraph(
        "<p>If you need information on this website in a different format, such as "
        "accessible PDF, large print, easy read or audio, email summit@example.org. "
        "We will reply within 5 working days.</p>"
    ),
    _heading("Enforcement procedure"),
    _paragraph(
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
        "enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
        "Accessibility Regulations 2018. If you are not happy with how we respond to "
        "your complaint, contact the Equality Advisory and Support Service (EASS).</p>"
    ),
    _heading("Technical information about this website's accessibility"),
    _paragraph(
        "<p>This website is fully compliant with the Web Content Accessibility "
        "Guidelines version 2.2 AA standard.</p>"
    ),
    _paragraph(DEMO_NOTE),
]

PRIVACY_BODY = [
    _heading("Who we are"),
    _paragraph(
        "<p>The Cambridgeshire &amp; Peterborough Combined Authority is the data "
        "controller for personal information collected through this website.</p>"
    ),
    _heading("What we collect and why"),
    _paragraph(
        "<ul><li><strong>Summit bookings</strong>: names, email addresses, organisation, "
        "job title, access and dietary needs, so that we can admit you and make the "
        "venue work for you (contract, and explicit consent for health-related needs)."
        "</li><li><strong>Supporter register</strong>: a contact name, role and email "
        "for each organisation that signs, used only to confirm and manage the entry "
        "(legitimate interests). Contact details are never published.</li>"
        "<li><strong>Story proposals</strong>: the contact name and email you give "
        "when proposing a delivery story, seen only by our editors and deleted with "
        "the story.</li>"
        "<li><strong>Accounts</strong>: your email address and a securely hashed "
        "password.</li></ul>"
    ),
    _heading("How long we keep it"),
    _paragraph(
        "<p>Attendee details are deleted 12 months after each summit. Supporter "
        "contacts are kept while the organisation stays on the register, and erased "
        "30 days after an entry is withdrawn or not approved. Signatures never "
        "confirmed by email are deleted after a few days.</p>"
    ),
    _heading("Your rights"),
    _paragraph(
        "<p>You can ask to see, correct or delete your information, or object to how "
        "we use it, by emailing summit@example.org. You can also complain to the "
        "Information Commissioner's Office.</p>"
    ),
    _paragraph(DEMO_NOTE),
]

HOME_PAGE = {
    "title": "Shared Ambition for Cambridgeshire & Peterborough",
    "slug": "home",
    "seo_title": "Shared Ambition for Cambridgeshire & Peterborough",
    "search_description": (
        "One statement, three values, four outcomes and fourteen commitments for the "
        "region to 2050, and the annual summit where partners show what they deliver."
    ),
    "summit_heading": "The Shared Ambition Summit",
    "summit_text": (
        "Every autumn partners from councils, business, education, health and the "
        "voluntary sector meet to show what they have delivered and plan what comes next."
    ),
    "body": [
        _heading("A framework we all own"),
        _paragraph(
            "<p>The Shared Ambition was co-created with residents, businesses and public "
            "bodies across the region. It guides strategies, plans and investment "
            "decisions to 2050.</p>"
        ),
        (
            "key_figures",
            {
                "heading": "How it was made",
                "figures": [
                    {"figure": "169", "label": "people at stakeholder workshops"},
                    {"figure": "107", "label": "organisations took part"},
                    {"figure": "175", "label": "conversations with residents"},
                    {"figure": "12", "label": "places visited across the region"},
                ],
            },
        ),
        (
            "quote",
            {
                "quote": "Superb networking opportunity and opportunity to share "
                "different opinions and perspectives.",
                "attribution": "Stakeholder workshop feedback",
                "role": "",
            },
        ),
        _paragraph(DEMO_NOTE),
    ],
}
