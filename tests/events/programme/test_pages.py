import re

from framework.models import Commitment
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SummitPageFactory,
    TrackFactory,
)
from tests.factories.speakers import SpeakerFactory


def _titles(html, heading):
    section = html.split(f">{heading}</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', section)


def test_summit_index_lists_upcoming_first_then_the_archive(client, summit_index):
    SummitPageFactory(parent=summit_index, title="Summit last year", days_ahead=-365)
    SummitPageFactory(
        parent=summit_index, title="Summit two years ago", days_ahead=-730
    )
    SummitPageFactory(parent=summit_index, title="Summit next month", days_ahead=30)
    SummitPageFactory(parent=summit_index, title="Draft summit", live=False)

    response = client.get("/summit/")

    assert _titles(response.text, "Upcoming summit") == ["Summit next month"]
    assert _titles(response.text, "Past summits") == [
        "Summit last year",
        "Summit two years ago",
    ]
    assert "Draft summit" not in response.text


def test_summit_page_shows_when_where_and_how_to_follow_it(client, summit):
    summit.venue_map_url = "https://www.openstreetmap.org/"
    summit.access_information = "<p>Lifts to every floor.</p>"
    summit.save()
    SessionFactory(summit=summit, title="Opening keynote", session_type="keynote")

    response = client.get(f"/summit/{summit.slug}/")

    html = response.text
    assert f"<h1>{summit.title}</h1>" in html
    assert summit.date_range_text in html
    assert "09:00 to 17:00" in html
    assert "1 Example Street<br>Peterborough<br>PE1 0ZZ" in html
    assert '<a href="https://www.openstreetmap.org/">See the venue on a map</a>' in html
    assert "Lifts to every floor." in html
    assert '<span class="status">Upcoming</span>' in html
    assert "Opening keynote" in html
    for route in ["programme/", "programme/pdf/", "programme/json/", "calendar/"]:
        assert f'href="/summit/{summit.slug}/{route}"' in html


def test_summit_page_shows_registration_open(client, summit):
    from django.utils import timezone

    summit.registration_opens_at = timezone.now()
    summit.save()

    response = client.get(f"/summit/{summit.slug}/")

    assert '<span class="status status--open">Registration open</span>' in response.text


def test_session_page_shows_speakers_commitments_and_access(client, summit):
    commitment = Commitment.objects.get(slug="homes-for-all")
    session = SessionFactory(
        summit=summit,
        title="Homes workshop",
        session_type="workshop",
        description="First paragraph.\n\nSecond paragraph.",
        room=RoomFactory(summit=summit, name="Ouse Room", directions="First floor"),
        track=TrackFactory(summit=summit, name="Growing together"),
        capacity=25,
        bsl_interpretation=True,
        step_free=True,
        speakers=[SpeakerFactory(name="Ada Example", with_photo=True)],
        commitments=[commitment],
    )

    response = client.get(f"/summit/{summit.slug}/sessions/{session.slug}/")

    html = response.text
    assert "<h1>Homes workshop</h1>" in html
    assert "<p>First paragraph.</p>\n\n<p>Second paragraph.</p>" in html
    assert "Ouse Room (First floor)" in html
    assert "Growing together" in html
    assert "<dt>Places</dt><dd>25</dd>" in html
    assert "<li>British Sign Language interpretation</li>" in html
    assert "<li>Step-free access</li>" in html
    assert '<ul class="tags commitment-tags"' in html
    assert ">Homes for All<" in html
    assert 'alt="Photo of Ada Example"' in html
    assert (
        f'href="/summit/speakers/{session.speakers.get().slug}/">Ada Example</a>'
        in html
    )
    assert f'href="/summit/{summit.slug}/sessions/{session.slug}/calendar/"' in html
    assert '<li aria-current="page">Homes workshop</li>' in html


def test_summit_speakers_route_lists_only_that_summits_speakers(
    client, summit, summit_index
):
    SessionFactory(summit=summit, speakers=[SpeakerFactory(name="Ada Example")])
    other = SummitPageFactory(parent=summit_index, days_ahead=-365)
    SessionFactory(summit=other, speakers=[SpeakerFactory(name="Bob Sample")])

    response = client.get(f"/summit/{summit.slug}/speakers/")

    assert "Ada Example" in response.text
    assert "Bob Sample" not in response.text
