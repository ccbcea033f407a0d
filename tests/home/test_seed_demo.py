from django.contrib.auth.models import User
from wagtail.models import Page, Site

from framework.models import Commitment
from home.models import HomePage
from tests.seeding import seed_demo


def _seed():
    return seed_demo()


def test_seed_demo_builds_the_site_and_prints_the_admin_login(db):
    output = _seed()

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert {p.slug for p in home.get_children()} >= {
        "about",
        "accessibility",
        "privacy",
    }
    assert "admin@example.org" in output
    assert "summit-demo-2026" in output
    assert User.objects.get(username="admin").check_password("summit-demo-2026")


def test_seed_demo_is_idempotent(db):
    _seed()
    counts = (Page.objects.count(), User.objects.count(), Commitment.objects.count())

    _seed()

    assert (
        Page.objects.count(),
        User.objects.count(),
        Commitment.objects.count(),
    ) == counts


def test_seed_demo_keeps_editors_changes(db):
    _seed()
    home = HomePage.objects.get()
    home.hero_heading = "Edited by an editor"
    home.save_revision().publish()

    _seed()

    assert HomePage.objects.get().hero_heading == "Edited by an editor"


def test_seed_demo_content_is_found_by_site_search(client, db):
    from urllib.parse import quote

    from django.utils.html import escape

    from events.models import Session
    from signatories.models import Signatory
    from speakers.models import Speaker

    _seed()

    for kind, name in [
        ("sessions", Session.objects.public().order_by("pk").first().title),
        ("speakers", Speaker.objects.public().order_by("pk").first().name),
        ("organisations", Signatory.objects.public().order_by("pk").first().name),
    ]:
        response = client.get(f"/search/?q={quote(name)}&kind={kind}")
        assert f">{escape(name)}</a></h3>" in response.text, (kind, name)
