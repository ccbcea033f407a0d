"""The site's emails as one family (docs/emails.md): every one has a subject, a
plain-text part and an HTML part built on templates/emails/base.html and base.txt,
says why it was sent and who to ask, and is sent through `home.emails`."""

import pathlib
import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.template import loader
from wagtail.models import Site

from home.emails import email_context
from home.models import SiteChrome
from home.tasks import send_data_link_email
from tests.email_samples import ALLAUTH_EMAILS, send_every_email

ROOT = pathlib.Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
OURS = sorted(
    str(path.relative_to(TEMPLATES)).removesuffix(".html")
    for folder in ("*/**/emails", "*/**/email")
    for path in TEMPLATES.glob(f"{folder}/*.html")
    if not path.parent.match("account/email")
)


@pytest.fixture
def sent(client, site_pages, framework, monkeypatch):
    return send_every_email(client, site_pages, monkeypatch)


def test_every_email_template_has_a_subject_text_and_html_on_the_base():
    assert len(OURS) == 34, OURS
    for name in OURS:
        for part in (f"{name}_subject.txt", f"{name}.txt", f"{name}.html"):
            assert (TEMPLATES / part).exists(), part
        assert (
            '{% extends "emails/base.html" %}'
            in (TEMPLATES / f"{name}.html").read_text()
        )
        assert (
            '{% extends "emails/base.txt" %}' in (TEMPLATES / f"{name}.txt").read_text()
        )
    for name in ALLAUTH_EMAILS:
        for part in (
            f"{name}_subject.txt",
            f"{name}_message.txt",
            f"{name}_message.html",
        ):
            loader.get_template(part)
    # Our subjects in sentence case, not allauth's Title Case (its sign-up subject
    # includes the confirmation one).
    for name in set(ALLAUTH_EMAILS) - {"account/email/email_confirmation_signup"}:
        assert (TEMPLATES / f"{name}_subject.txt").exists(), name
    account = TEMPLATES / "account/email"
    assert "emails/base.html" in (account / "base_message.html").read_text()
    assert "emails/base.txt" in (account / "base_message.txt").read_text()


def test_only_home_emails_builds_and_sends_messages():
    """Everything goes through `home.emails` (allauth's through its adapter, which
    adds the same header and footer)."""
    senders = re.compile(
        r"\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives)\b"
    )
    offenders = [
        str(path.relative_to(ROOT))
        for app in (
            "home",
            "framework",
            "speakers",
            "signatories",
            "events",
            "spotlights",
            "site",
        )
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and path != ROOT / "home/emails.py"
        and senders.search(path.read_text())
    ]
    assert offenders == []


def test_every_email_is_sent_with_both_parts_the_why_and_the_contact(sent):
    assert sorted(sent) == sorted(OURS + ALLAUTH_EMAILS)
    for name, message in sent.items():
        (html, mimetype), *_ = message.alternatives
        assert mimetype == "text/html", name
        assert html.startswith("<!DOCTYPE html>") and 'lang="en-GB"' in html, name
        assert "You are getting this email because" in html, name
        assert "You are getting this email because" in message.body, name
        assert "mailto:summit@example.org" in html, name
        assert (
            "Questions? Email the summit organisers at summit@example.org"
            in message.body
        ), name
        assert "<" not in message.body.replace("<pat@example.org>", ""), name
        assert "&amp;" not in message.body and "&#x27;" not in message.body, name


def test_the_plain_text_part_has_every_link_the_html_part_has(sent):
    for name, message in sent.items():
        html = message.alternatives[0][0]
        links = {
            unescape(url).rstrip("/") for url in re.findall(r'href="([^"]+)"', html)
        }
        assert links, name
        for url in links:
            assert url.removeprefix("mailto:") in message.body, (name, url)


def test_the_footer_gives_the_contact_address_set_in_the_admin(
    client, site_pages, monkeypatch
):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.contact_email = "events@cpca.example.gov.uk"
    chrome.save()
    send_data_link_email.enqueue("ada@example.org")

    (message,) = mail.outbox
    assert (
        "Questions? Email the summit organisers at events@cpca.example.gov.uk"
        in message.body
    )
    assert 'href="mailto:events@cpca.example.gov.uk"' in message.alternatives[0][0]


def test_the_footer_reads_the_contact_address_once_until_it_is_edited(
    site_pages, django_assert_num_queries
):
    """An organisers' email to every attendee, and each sign-up's email, renders
    the footer once per person."""
    with django_assert_num_queries(1):
        assert email_context()["contact_email"] == "summit@example.org"
    with django_assert_num_queries(0):
        assert email_context()["contact_email"] == "summit@example.org"

    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.contact_email = "events@cpca.example.gov.uk"
    chrome.save()

    assert email_context()["contact_email"] == "events@cpca.example.gov.uk"
