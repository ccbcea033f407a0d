"""What a signature's changes do to the page cache (docs/caching.md): only what
shows on a public page (an approval, a change to an approved entry, its withdrawal)
renders kept pages afresh. A sign-up, its confirmation, its email and audit lines,
a rejection, or a withdrawal before approval leave every page kept, so a rush of
sign-ups never renders the register (or any page) again."""

import pytest
from django.core import mail
from django.test import Client

from signatories import links, services
from signatories.choices import SignatoryStatus
from signatories.models import Signatory
from signatories.site_setup import setup_register_page
from tests.factories.accounts import StaffUserFactory
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory

from .conftest import emailed_link, image_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def approved(site_pages, commitments):
    setup_register_page()
    return SignatoryFactory(name="Fenland Example Trust", commitments=commitments[:1])


@pytest.fixture
def pages(approved):
    """Public pages, kept: the home page, the register and an entry's page."""
    urls = ["/", "/signatories/", approved.get_absolute_url()]
    visitor = Client()
    for url in urls:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit", url
    return urls


def still_kept(urls):
    visitor = Client()
    return {url: visitor.get(url)["X-Page-Cache"] for url in urls}


def all_hits(urls):
    return dict.fromkeys(urls, "hit")


@pytest.fixture
def moderator(db):
    return StaffUserFactory()


def test_a_sign_up_and_its_confirmation_keep_every_page(
    pages, commitments, django_capture_on_commit_callbacks
):
    """Through the form, with a logo and commitments, its email sent by the task
    and its audit lines, then confirmed from the emailed link."""
    signer = Client()
    signer.get("/signatories/sign/")
    with django_capture_on_commit_callbacks(execute=True):
        signed = signer.post(
            "/signatories/sign/",
            {
                "name": "Ely Growers",
                "organisation_type": "business",
                "district": "east-cambridgeshire",
                "website": "https://elygrowers.example.org",
                "logo": image_file(),
                "pledge": "We will grow more food locally.",
                "commitments": [commitments[0].pk, commitments[1].pk],
                "contact_name": "Alex Example",
                "contact_role": "Director",
                "contact_email": "alex@elygrowers.example.org",
                "authorised": "on",
            },
            follow=True,
        )
    assert signed.redirect_chain[-1][0] == "/signatories/sign/check-your-email/"
    assert still_kept(pages) == all_hits(pages)

    confirm = emailed_link(mail.outbox[-1], "/signatories/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        signer.post(confirm)

    assert Signatory.objects.get(name="Ely Growers").status == SignatoryStatus.PENDING
    assert still_kept(pages) == all_hits(pages)


def test_rejecting_or_withdrawing_a_sign_up_keeps_every_page(
    pages, moderator, django_capture_on_commit_callbacks
):
    rejected = PendingSignatoryFactory(name="Wisbech Example Bakery")
    withdrawn = PendingSignatoryFactory(name="March Example Mill")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_signatory(
            signatory=rejected, user=moderator, reason="Not in the region."
        )
        services.withdraw_signature(signatory=withdrawn)

    assert still_kept(pages) == all_hits(pages)


def test_withdrawing_an_approved_entry_takes_it_off_every_page(
    pages, approved, django_capture_on_commit_callbacks
):
    token = links.make_token(approved, links.MANAGE)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/signatories/manage/{token}/withdraw/")

    visitor = Client()
    register = visitor.get("/signatories/")
    assert register["X-Page-Cache"] == "miss"
    assert "Fenland Example Trust" not in register.text
    assert visitor.get(approved.get_absolute_url()).status_code == 404


def test_approving_and_changing_an_approved_entry_show_at_once(
    pages, approved, moderator, commitments, django_capture_on_commit_callbacks
):
    waiting = PendingSignatoryFactory(name="Wisbech Example Bakery")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(signatory=waiting, user=moderator)
    assert "Wisbech Example Bakery" in Client().get("/signatories/").text

    still_kept(pages)  # kept again
    approved.name = "Fenland Example Foundation"  # a moderator's edit in the admin
    approved.save()
    assert "Fenland Example Foundation" in Client().get("/signatories/").text


def test_changes_to_an_approved_entry_keep_every_page_until_approved(
    pages, approved, moderator, commitments, django_capture_on_commit_callbacks
):
    """Asked for, they wait for a moderator (the public entry stays as it was);
    rejected, nothing public changed; approved, they show at once."""
    update = f"/signatories/manage/{links.make_token(approved, links.MANAGE)}/update/"
    changes = {
        "name": "Fenland Example Foundation",
        "organisation_type": "voluntary",
        "district": "fenland",
        "website": "",
        "pledge": "We will plant trees.",
        "commitments": [commitments[1].pk],
        "contact_name": "Sam New",
        "contact_role": "Chair",
    }

    def ask():
        with django_capture_on_commit_callbacks(execute=True):
            assert Client().post(update, changes).status_code == 302
        assert still_kept(pages) == all_hits(pages)

    ask()
    approved.refresh_from_db()
    assert approved.pending_update["name"] == "Fenland Example Foundation"
    assert approved.contact_name == "Sam New"
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_signatory(signatory=approved, user=moderator, reason="No.")
    assert still_kept(pages) == all_hits(pages)

    ask()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(signatory=approved, user=moderator)
    assert "Fenland Example Foundation" in Client().get("/signatories/").text
