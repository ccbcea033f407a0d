"""Video blocks play only when asked (home/videos.py, home.blocks.VideoBlock): the
page names the video and its provider and links to it, and holds no player, script
or image from YouTube or Vimeo until the visitor presses Play."""

import re

import pytest
from wagtail.blocks import StructBlockValidationError

from home.blocks import VideoBlock
from home.models import StandardPage
from home.videos import find_video

PROVIDER_DOMAINS = re.compile(
    r"<(iframe|script|img|link|embed|object|video)\b[^>]*"
    r"(youtube|youtu\.be|ytimg|vimeo|vimeocdn|googlevideo)",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ],
)
def test_youtube_plays_from_the_privacy_enhanced_domain(url):
    video = find_video(url)

    assert video.provider == "YouTube"
    assert video.player_url == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert video.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "player", "watch"),
    [
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=a1b2c3d4e5",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
        (
            "https://vimeo.com/album/111/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/showcase/111/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=a1b2c3d4e5",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
    ],
)
def test_vimeo_plays_without_tracking(url, player, watch):
    video = find_video(url)

    assert (video.provider, video.player_url, video.watch_url) == (
        "Vimeo",
        player,
        watch,
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/channel/UC123",
        "https://vimeo.com/about",
        "https://vimeo.com/showcase/123456",
        "https://vimeo.com/album/123456",
        "https://example.org/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_addresses_are_no_video(url):
    assert find_video(url) is None


def _render(url, title="Our delivery story"):
    block = VideoBlock()
    value = block.to_python({"video": url, "title": title, "transcript": "Hello."})
    return block.render(value)


def test_the_block_renders_a_placeholder_and_no_player():
    html = _render("https://www.youtube.com/watch?v=dQw4w9WgXcQ")

    assert not PROVIDER_DOMAINS.search(html), html
    assert "<iframe" not in html
    assert "Our delivery story" in html
    assert "A video on YouTube." in html
    assert re.search(
        r"<button[^>]*data-video-play[^>]*"
        r'data-player-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\?autoplay=1"',
        html,
    )
    assert "Play video" in html
    assert "(loads YouTube, which may set cookies)" in html
    # Without JavaScript, a plain link to the video on YouTube.
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "Read the transcript" in html


def test_the_vimeo_placeholder_names_vimeo():
    html = _render("https://vimeo.com/76979871")

    assert not PROVIDER_DOMAINS.search(html)
    assert "(loads Vimeo, which may set cookies)" in html
    assert "dnt=1" in html


def test_a_page_with_a_video_holds_nothing_from_the_provider(client, site_pages):
    page = site_pages.add_child(
        instance=StandardPage(
            title="Watch",
            slug="watch",
            body=[
                (
                    "video",
                    {
                        "video": "https://youtu.be/dQw4w9WgXcQ",
                        "title": "The summit in two minutes",
                        "transcript": "",
                    },
                )
            ],
        )
    )

    html = client.get(page.url).text

    assert "The summit in two minutes" in html
    assert "data-video-play" in html
    assert not PROVIDER_DOMAINS.search(html)


def test_only_youtube_and_vimeo_addresses_are_accepted():
    # No request leaves for the provider: only the address is checked.
    block = VideoBlock()
    block.clean(
        block.to_python({"video": "https://youtu.be/dQw4w9WgXcQ", "title": "A"})
    )
    value = block.to_python(
        {"video": "https://www.dailymotion.com/video/x7tgad0", "title": "A video"}
    )

    with pytest.raises(StructBlockValidationError):
        block.clean(value)
