"""Videos from YouTube and Vimeo, played only once a visitor asks.

A video block renders no player: it shows the title, the provider and a Play
button (and a plain link to the video on the provider's site). Pressing Play
inserts the provider's privacy-enhanced player (site.js): YouTube's from
youtube-nocookie.com, Vimeo's with `dnt=1`. Until then the page makes no request
to the provider, so no cookie of theirs is set by visiting our pages.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")


@dataclass(frozen=True)
class Video:
    provider: str  # its name, as shown: "YouTube", "Vimeo"
    player_url: str  # the privacy-enhanced player, loaded after Play
    watch_url: str  # the video's page on the provider's site


def _youtube(parts):
    host = parts.hostname or ""
    path = [part for part in parts.path.split("/") if part]
    if host == "youtu.be" and path:
        video_id = path[0]
    elif host in YOUTUBE_HOSTS and parts.path == "/watch":
        video_id = parse_qs(parts.query).get("v", [""])[0]
    elif (
        host in YOUTUBE_HOSTS
        and len(path) >= 2
        and path[0] in {"embed", "shorts", "live"}
    ):
        video_id = path[1]
    else:
        return None
    if not YOUTUBE_ID.match(video_id):
        return None
    return Video(
        provider="YouTube",
        player_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
        watch_url=f"https://www.youtube.com/watch?v={video_id}",
    )


def _vimeo(parts):
    path = [part for part in parts.path.split("/") if part]
    if parts.hostname == "player.vimeo.com":
        path = path[1:] if path[:1] == ["video"] else []
        unlisted = parse_qs(parts.query).get("h", [""])[0]
    else:
        # vimeo.com/123, vimeo.com/123/abcdef (unlisted), vimeo.com/channels/x/123,
        # vimeo.com/album/7/video/123 (an album's or showcase's own number is no
        # video's).
        if "video" in path:
            path = path[path.index("video") + 1 :]
        elif path[:1] in (["album"], ["showcase"]):
            path = []
        else:
            numbers = [i for i, part in enumerate(path) if VIMEO_ID.match(part)]
            path = path[numbers[0] :] if numbers else []
        unlisted = ""
    if not path or not VIMEO_ID.match(path[0]):
        return None
    video_id = path[0]
    if len(path) > 1 and VIMEO_HASH.match(path[1]):
        unlisted = path[1]
    query = {"dnt": "1", "autoplay": "1"}
    if unlisted and VIMEO_HASH.match(unlisted):
        query["h"] = unlisted
    return Video(
        provider="Vimeo",
        player_url=f"https://player.vimeo.com/video/{video_id}?{urlencode(query)}",
        watch_url=f"https://vimeo.com/{video_id}"
        + (f"/{query['h']}" if "h" in query else ""),
    )


def find_video(url):
    """The `Video` at a YouTube or Vimeo address, or None for any other address."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in {"http", "https"}:
        return None
    host = parts.hostname or ""
    if host == "youtu.be" or host in YOUTUBE_HOSTS:
        return _youtube(parts)
    if host in VIMEO_HOSTS:
        return _vimeo(parts)
    return None
