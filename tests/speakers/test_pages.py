import pytest
from django.core.exceptions import ValidationError

from speakers.models import Speaker
from tests.factories.events import SessionFactory, SummitPageFactory
from tests.factories.speakers import SpeakerFactory


def test_speakers_index_lists_speakers_of_published_summits(
    client, summit, summit_index
):
    SessionFactory(summit=summit, speakers=[SpeakerFactory(name="Ada Example")])
    draft = SummitPageFactory(parent=summit_index, live=False)
    SessionFactory(summit=draft, speakers=[SpeakerFactory(name="Unannounced Person")])
    SpeakerFactory(name="Not Speaking Yet")

    response = client.get("/summit/speakers/")

    assert "Ada Example" in response.text
    assert "Unannounced Person" not in response.text
    assert "Not Speaking Yet" not in response.text


def test_speaker_page_lists_their_sessions_by_year(client, summit, summit_index):
    speaker = SpeakerFactory(
        name="Ada Example",
        pronouns="she/her",
        role="Chief Executive",
        organisation="Fenland Trust",
        bio="Ada leads a community foundation.",
        links=[("link", {"text": "Website", "url": "https://example.org/ada"})],
        with_photo=True,
    )
    last_year = SummitPageFactory(
        parent=summit_index, title="Summit last year", days_ahead=-365
    )
    SessionFactory(summit=last_year, title="Last year's panel", speakers=[speaker])
    SessionFactory(summit=summit, title="This year's keynote", speakers=[speaker])

    response = client.get(f"/summit/speakers/{speaker.slug}/")

    html = response.text
    assert "<h1>Ada Example</h1>" in html
    assert "Pronouns: she/her" in html
    assert "Chief Executive, Fenland Trust" in html
    assert '<a href="https://example.org/ada">Website</a>' in html
    assert 'alt="Photo of Ada Example"' in html
    assert "srcset=" in html
    this_year = html.index(f"{summit.start.year}: <a")
    previous = html.index(f"{last_year.start.year}: <a")
    assert this_year < html.index("This year&#x27;s keynote") < previous
    assert previous < html.index("Last year&#x27;s panel")


@pytest.mark.parametrize("slug", ["no-such-speaker", "not-speaking"])
def test_unknown_or_unannounced_speakers_are_404(client, summit, slug):
    SpeakerFactory(slug="not-speaking")

    assert client.get(f"/summit/speakers/{slug}/").status_code == 404


def test_photo_alt_text_prefers_the_image_description(db):
    speaker = SpeakerFactory(name="Ada Example", with_photo=True)
    assert speaker.photo_alt_text == "Photo of Ada Example"

    speaker.photo.description = "Ada speaking at a lectern"
    assert speaker.photo_alt_text == "Ada speaking at a lectern"


def test_speaker_slug_comes_from_the_name_and_must_be_unique(db):
    SpeakerFactory(name="Ada Example", slug="ada-example")
    speaker = Speaker(name="Ada Example")

    with pytest.raises(ValidationError) as error:
        speaker.full_clean()

    assert speaker.slug == "ada-example"
    assert "Another speaker already uses the web address 'ada-example'" in str(
        error.value
    )
