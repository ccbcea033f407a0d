import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from tests.factories.spotlights import SpotlightPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def published(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_rss_feed_lists_published_stories_latest_first(client, index, commitments):
    SpotlightPageFactory(
        parent=index,
        title="Earlier",
        first_published_at=published(5),
        commitments=[commitments["homes-for-all"]],
    )
    SpotlightPageFactory(
        parent=index,
        title="Later",
        standfirst="The later story.",
        first_published_at=published(1),
    )
    SpotlightPageFactory(parent=index, title="Draft", live=False)

    response = client.get("/stories/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Later", "Earlier"]
    assert items[0].findtext("link") == "http://testserver/stories/later/"
    assert items[0].findtext("description") == "The later story."
    assert [c.text for c in items[1].findall("category")] == ["Homes for All"]


def test_atom_feed_lists_the_same_stories(client, index):
    SpotlightPageFactory(parent=index, title="In the Atom feed")

    response = client.get("/stories/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "In the Atom feed"
    ]


def test_feed_filtered_by_commitment(client, index, commitments):
    SpotlightPageFactory(
        parent=index, title="Homes", commitments=[commitments["homes-for-all"]]
    )
    SpotlightPageFactory(
        parent=index,
        title="Nature",
        commitments=[commitments["restore-enhance-nature"]],
    )

    response = client.get("/stories/feed/?commitment=homes-for-all")

    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Delivery stories: Homes for All"
    assert [item.findtext("title") for item in channel.findall("item")] == ["Homes"]


def test_feed_for_an_unknown_commitment_is_not_found(client, index, framework):
    assert client.get("/stories/feed/?commitment=no-such-thing").status_code == 404
