"""What every deployment needs from `home`: the home page, the Wagtail Site on
`SITE_URL`, the accessibility statement and privacy notice, the header and footer.

Run by `manage.py setup_site` on every deploy (and by `seed_demo` before the demo).
It creates what is missing and leaves what exists as editors left it; only the
Site's host name and port follow `SITE_URL` every time, since they are
configuration, not content.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from .links import site_host_and_port
from .models import HomePage, RetentionPolicy, SiteChrome, StandardPage

# Section pages (made by other apps' setup), linked in the header in this order
# when the header is empty.
NAVIGATION = [
    ("summit", "Summit"),
    ("showcase", "Commitments"),
    ("stories", "Delivery stories"),
    ("signatories", "Supporters"),
]


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


def setup_home():
    """The home page, in place of the placeholder Wagtail's installer leaves, with the
    default Site pointing at it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a bare "Welcome" page at the root; deleting it
        # deletes the Site that points at it too.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(instance=HomePage(**HOME_PAGE))
    point_site_at(home)
    return home


def point_site_at(home):
    """The default Site answers on `SITE_URL`'s host and port; a new one is rooted at
    the home page. Returns whether anything changed."""
    hostname, port = site_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    clash = Site.objects.filter(hostname=hostname, port=port)
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise CommandError(
            f"Another Wagtail Site already answers on {hostname}:{port}, the address "
            f"of SITE_URL ({settings.SITE_URL}); remove it in Settings > Sites."
        )
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        return True
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def setup_required_page(chrome, field, *, home, spec):
    """The page `chrome.<field>` links to in the footer, made from `spec` when there
    is none (the law requires both pages); an existing one is left alone."""
    page = getattr(chrome, field)
    if page is not None:
        return page, False
    page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    created = page is None
    if created:
        page = home.add_child(instance=StandardPage(**spec))
    setattr(chrome, field, page)
    chrome.save(update_fields=[field])
    return page, created


def setup(*, stdout):
    home = setup_home()
    site = Site.objects.get(is_default_site=True)
    chrome, _ = SiteChrome.objects.get_or_create(
        site=site,
        defaults={
            "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            "footer_text": (
                "<p>The Shared Ambition is convened by the Cambridgeshire &amp; "
                "Peterborough Combined Authority with its partners.</p>"
            ),
        },
    )
    # The retention policy in force, with its defaults until an administrator
    # changes it (made here, not by the first visit to the privacy notice).
    RetentionPolicy.load()
    made = [
        page.title
        for page, created in (
            setup_required_page(
                chrome, "accessibility_statement", home=home, spec=ACCESSIBILITY
            ),
            setup_required_page(chrome, "privacy_notice", home=home, spec=PRIVACY),
        )
        if created
    ]
    stdout.write(
        f"Site: {site.root_url} (from SITE_URL), showing {home.title!r}"
        + (f"; added {', '.join(made)}." if made else ".")
    )


def finish(*, stdout):
    """Link each section page in an empty header, in NAVIGATION's order."""
    site = Site.objects.get(is_default_site=True)
    chrome = SiteChrome.for_site(site)
    if chrome.header_links:
        return
    sections = {
        page.slug: page
        for page in site.root_page.get_children()
        .live()
        .filter(slug__in=[slug for slug, _ in NAVIGATION])
    }
    links = [
        ("link", {"text": label, "page": sections[slug], "url": ""})
        for slug, label in NAVIGATION
        if slug in sections
    ]
    if links:
        chrome.header_links = links
        chrome.save(update_fields=["header_links"])
        stdout.write(f"Header: linked {', '.join(v['text'] for _, v in links)}.")


STARTING_POINT = (
    "<p><strong>Before publishing, check this page.</strong> It was written with the "
    "site's software as a starting point: it describes what the software does, not "
    "how your organisation works. Check it against your own practices, fill in what "
    "it asks for, set the review date, and then delete this paragraph.</p>"
)

ACCESSIBILITY = {
    "title": "Accessibility statement",
    "slug": "accessibility",
    "introduction": "This statement applies to the Shared Ambition website.",
    "body": [
        _paragraph(STARTING_POINT),
        _paragraph(
            "<p>This website is run by the Cambridgeshire &amp; Peterborough Combined "
            "Authority on behalf of Shared Ambition partners. We want as many people "
            "as possible to be able to use it. For example, you should be able to:</p>"
            "<ul><li>change colours, contrast levels and fonts using browser or device "
            "settings</li><li>zoom in up to 400% without the text spilling off the "
            "screen</li><li>navigate the website using a keyboard or speech "
            "recognition software</li><li>listen to the website using a screen "
            "reader</li></ul>"
        ),
        _heading("How accessible this website is"),
        _paragraph(
            "<p>The website's software is built to meet the Web Content Accessibility "
            "Guidelines (WCAG) 2.2 at level AA, and its public pages are checked with "
            "automated accessibility tests on every release. Content added by our "
            "editors, such as images, documents and videos, is checked as it is "
            "published. Known problems are listed below.</p>"
        ),
        _heading("Feedback and contact information"),
        _paragraph(
            "<p>If you need information on this website in a different format, such "
            "as accessible PDF, large print, easy read or audio, or you find a problem "
            "not listed on this page, email us at the contact address at the foot of "
            "every page. We will reply within 5 working days.</p>"
        ),
        _heading("Enforcement procedure"),
        _paragraph(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
            "enforcing the Public Sector Bodies (Websites and Mobile Applications) "
            "(No. 2) Accessibility Regulations 2018. If you are not happy with how we "
            "respond to your complaint, contact the Equality Advisory and Support "
            "Service (EASS).</p>"
        ),
        _heading("Compliance status and known problems"),
        _paragraph(
            "<p>[To complete: say whether this website is fully or partially "
            "compliant with WCAG 2.2 AA, based on your own testing of the site and its "
            "content, and list anything that is not accessible, why, and when it will "
            "be fixed.]</p>"
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy",
    "introduction": "How we use the personal information you give us on this website.",
    "body": [
        _paragraph(STARTING_POINT),
        _heading("Who we are"),
        _paragraph(
            "<p>The Cambridgeshire &amp; Peterborough Combined Authority is the data "
            "controller for personal information collected through this website. "
            "[To complete: how to contact our data protection officer.]</p>"
        ),
        _heading("What we collect and why"),
        _paragraph(
            "<ul><li><strong>Summit bookings</strong>: the booker's email address and, "
            "for each place, a name, email address, organisation, job title and any "
            "access or dietary needs, so that we can admit you and make the venue work "
            "for you (contract, and explicit consent for health-related needs).</li>"
            "<li><strong>Payments</strong>: card payments are taken by Stripe; we keep "
            "the payment's reference and amount, never card details.</li>"
            "<li><strong>Supporter register</strong>: a contact name, role and email "
            "for each organisation that signs, used only to confirm and manage the "
            "entry (legitimate interests). Contact details are never published.</li>"
            "<li><strong>Story proposals</strong>: the contact name and email you give "
            "when proposing a delivery story, seen only by our editors.</li>"
            "<li><strong>Accounts</strong>: your email address and a securely hashed "
            "password.</li></ul>"
        ),
        _heading("How long we keep it"),
        _paragraph(
            "<p>We keep personal information only as long as the table below says; "
            "every night the website erases, anonymises or deletes what has been "
            "kept long enough. Supporter contacts are kept while the organisation "
            "stays on the register. [To complete: how long you keep story "
            "proposals.]</p>"
        ),
        ("retention_policy", None),
        _heading("Cookies"),
        _paragraph(
            "<p>The website sets only the cookies it needs to work: they keep you "
            "signed in, remember a booking in progress and protect its forms. It uses "
            "no advertising or tracking cookies, and videos load from YouTube or "
            "Vimeo only when you press Play. Every cookie is listed, with what it is "
            "for and how long it lasts, at the end of this notice.</p>"
        ),
        _heading("Your rights"),
        _paragraph(
            "<p>You can ask to see, correct or delete your information, or object to "
            "how we use it, by emailing the contact address at the foot of every page. "
            "You can also complain to the Information Commissioner's Office.</p>"
        ),
    ],
}

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
        "voluntary sector meet to show what they have delivered and plan what comes "
        "next."
    ),
    "body": [
        _heading("A framework we all own"),
        _paragraph(
            "<p>The Shared Ambition was co-created with residents, businesses and "
            "public bodies across the region. It guides strategies, plans and "
            "investment decisions to 2050.</p>"
        ),
    ],
}
