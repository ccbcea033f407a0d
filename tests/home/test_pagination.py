"""The one pagination include (templates/includes/pagination.html)."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.factories.signatories import SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory


def render(path, number, *, label=None):
    page_obj = Paginator(range(100), 10).page(number)
    context = (
        {"page_obj": page_obj, "label": label} if label else {"page_obj": page_obj}
    )
    return render_to_string(
        "includes/pagination.html", context, request=RequestFactory().get(path)
    )


def links(html):
    return [
        (re.sub(r"<[^>]+>", "", text), href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html)
    ]


def test_pagination_keeps_the_query_and_elides_distant_pages():
    html = render("/list/?q=orchard&kind=stories&page=5", 5, label="Pages of tests")

    assert '<nav aria-label="Pages of tests">' in html
    assert links(html) == [
        ("Previous page", "?q=orchard&amp;kind=stories&amp;page=4"),
        ("Page 1", "?q=orchard&amp;kind=stories&amp;page=1"),
        ("Page 4", "?q=orchard&amp;kind=stories&amp;page=4"),
        ("Page 5", "?q=orchard&amp;kind=stories&amp;page=5"),
        ("Page 6", "?q=orchard&amp;kind=stories&amp;page=6"),
        ("Page 10", "?q=orchard&amp;kind=stories&amp;page=10"),
        ("Next page", "?q=orchard&amp;kind=stories&amp;page=6"),
    ]
    assert html.count("<li><span>…</span></li>") == 2
    assert (
        '<a href="?q=orchard&amp;kind=stories&amp;page=5" aria-current="page">' in html
    )


def test_pagination_is_absent_for_a_single_page():
    page_obj = Paginator(range(5), 10).page(1)
    html = render_to_string(
        "includes/pagination.html",
        {"page_obj": page_obj},
        request=RequestFactory().get("/"),
    )

    assert html.strip() == ""


def test_stories_search_and_register_share_the_pagination(client, site_pages):
    from signatories.site_setup import setup_register_page

    index = SpotlightIndexPageFactory(parent=site_pages)
    setup_register_page()
    for number in range(25):
        SpotlightPageFactory(parent=index, title=f"Meadow story {number}")
        SignatoryFactory(name=f"Meadow organisation {number}")

    for url, label in [
        ("/stories/?page=2", "Pages of stories"),
        ("/search/?q=meadow&kind=stories&page=2", "Pages of search results"),
        ("/signatories/?page=2", "Pages of organisations"),
    ]:
        html = client.get(url).text
        nav = html.split(f'<nav aria-label="{label}">')[1].split("</nav>")[0]
        assert 'page=2" aria-current="page"><span class="visually-hidden">Page ' in nav
        assert 'rel="prev">Previous<span class="visually-hidden"> page</span>' in nav
