"""A page cache for visitors who are not signed in: always correct, never personal.

A spike (a registration opening, a press story about the register) is mostly people
who are not signed in asking for the same few pages. Their responses are kept
whole in the shared cache (Redis in production) and served without touching the
session, the database or the template engine.

What may be kept: a GET of a view that says it is the same for every visitor
(`shared_page`, or any Wagtail page, see `wagtail_hooks`), from a request with no
session or messages cookie and no credentials, answered 200 with no cookie set and
nothing in Cache-Control that forbids it. A page that put a CSRF token in a form
sets the CSRF cookie, so it is never kept; nor is anything behind a secret link
(`private_pages` marks those no-store).

When it stops being right:
- A **topic** names what a page shows: `CONTENT` (every page: anything editors,
  moderators or the framework change), `PLACES` (places left) or `FIGURES` (the
  year-on-year figures' arrivals and feedback scores), the last two on the pages that
  ask for them with `depends_on`. Each topic has a generation number in the cache; a
  change bumps it (`changed`), straight away and again when its transaction commits,
  so a page rendered from data read before the commit is never kept as current.
  Saves and deletes of watched models bump their topic (`watch_models`); code that
  writes with `update()` or `bulk_create()` calls `changed` itself.
- **Time**: some pages change by the clock alone (registration opens, a hold
  runs out). Apps register a `clock` that says when the next such moment is; a
  kept page is valid until then.
- `PAGE_CACHE_SECONDS` bounds every entry as a last resort.

Responses carry an ETag, so browsers and a CDN revalidate for a 304, and
`Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_CDN_SECONDS`. The response
says `X-Page-Cache: hit`, `miss` or `bypass` for whoever measures it.
"""

import datetime
import functools
import hashlib
import sys
import time
from dataclasses import dataclass, field
from functools import partial, wraps
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from wagtail.signals import page_published, page_unpublished, post_page_move

from .redis_cache import count_in_redis

CONTENT = "content"
PLACES = "places"
FIGURES = "figures"
TOPICS = (CONTENT, PLACES, FIGURES)

PREFIX = "page-cache"
# Pages bigger than this are rendered each time rather than filling the cache.
MAX_BYTES = 2 * 1024 * 1024
FOREVER = float("inf")
# Directives by which a view says its response is not the same for everyone.
PERSONAL_DIRECTIVES = ("private", "no-store", "no-cache")

_clocks = []


# --- What views and models say about themselves ---------------------------------


def shared_page(view):
    """Decorate a view whose GET response is the same for every visitor who is not
    signed in, so the page cache may keep it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        mark_shared(request)
        return view(request, *args, **kwargs)

    return wrapper


def mark_shared(request):
    _state(request).shared = True


def depends_on(request, topic):
    """The page being rendered for `request` shows `topic` (beyond `CONTENT`)."""
    _state(request).topics.add(topic)


def register_clock(next_change):
    """`next_change(now)` returns when, after `now`, some public page changes by the
    clock alone (a datetime, or None when nothing is due)."""
    _clocks.append(next_change)


def changed(topic=CONTENT):
    """Every kept page that shows `topic` is out of date from now, and again once the
    current transaction commits."""
    _bump(topic)
    transaction.on_commit(partial(_bump, topic), robust=True)


def watch_models(models, *, topic=CONTENT):
    """Bump `topic` whenever one of `models` is saved or deleted, or its
    many-to-many relations change. A model narrows this with `page_cache_topic`:
    None when its rows show on no public page (an audit entry, a payment), another
    topic, or a method returning either for one row (a sign-up still awaiting
    approval shows nowhere yet)."""
    for model in models:
        if getattr(model, "page_cache_topic", topic) is None:
            continue
        receiver = partial(_model_changed, default_topic=topic)
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, weak=False)
        for relation in model._meta.many_to_many:
            through = relation.remote_field.through
            m2m_changed.connect(receiver, sender=through, weak=False)


def watch_pages():
    """Publishing, unpublishing and moving pages change what visitors see (a
    move rewrites paths with `update()`, which sends no save signal)."""
    receiver = partial(_model_changed, default_topic=CONTENT)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(receiver, weak=False, dispatch_uid=f"page_cache_{signal!r}")


def _model_changed(sender, *, default_topic, instance=None, **kwargs):
    topic = getattr(instance, "page_cache_topic", default_topic)
    if callable(topic):
        topic = topic()
    if topic:
        changed(topic)


# --- The middleware --------------------------------------------------------------


@dataclass
class _RequestState:
    shared: bool = False
    topics: set = field(default_factory=lambda: {CONTENT})
    generations: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Entry:
    generations: dict
    valid_until: float
    etag: str
    status: int
    headers: list
    content: bytes


class PageCacheMiddleware:
    """Serve kept pages before the session is loaded; keep what may be kept.

    Sits after WhiteNoise and before the session middleware: a hit costs two cache
    reads and no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request) if settings.PAGE_CACHE else None
        if key is None:
            response = self.get_response(request)
            _mark_personal(request, response)
            return response
        state = _state(request)
        found = cache.get_many([key, *_generation_keys()])
        entry = found.get(key)
        state.generations = {
            topic: found.get(_generation_key(topic)) or _start_generation(topic)
            for topic in TOPICS
        }
        if _is_current(entry, state.generations):
            return _from_entry(request, entry)
        response = self.get_response(request)
        if _may_keep(request, response):
            entry = _entry_for(response, state)
            if entry.valid_until > time.time():
                cache.set(key, entry, timeout=int(entry.valid_until - time.time()) + 1)
            _add_sharing_headers(response, entry.etag, hit=False)
        else:
            _mark_personal(request, response)
            response["X-Page-Cache"] = "bypass"
        return response


def _key(request):
    """The cache key for `request`, or None when its answer may be personal."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the host check further in answers 400
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    return f"{PREFIX}:page:{hashlib.sha256(address.encode()).hexdigest()}"


def _may_keep(request, response):
    directives = response.get("Cache-Control", "")
    return (
        _state(request).shared
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in directives for word in PERSONAL_DIRECTIVES)
        and len(response.content) <= MAX_BYTES
    )


def _entry_for(response, state):
    generations = {topic: state.generations[topic] for topic in state.topics}
    now = time.time()
    digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
    return _Entry(
        generations=generations,
        valid_until=min(
            now + settings.PAGE_CACHE_SECONDS, _next_change(state.generations, now)
        ),
        etag=response.get("ETag") or f'"{digest}"',
        status=response.status_code,
        headers=list(response.items()),
        content=response.content,
    )


def _is_current(entry, generations):
    return (
        entry is not None
        and entry.valid_until > time.time()
        and all(
            generations.get(topic) == generation
            for topic, generation in entry.generations.items()
        )
    )


def _from_entry(request, entry):
    if entry.etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
    _add_sharing_headers(response, entry.etag, hit=True)
    return response


def _add_sharing_headers(response, etag, *, hit):
    response["ETag"] = etag
    if "Cache-Control" not in response:  # a view's own public policy stands
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.PAGE_CACHE_CDN_SECONDS}"
        )
    patch_vary_headers(response, ["Cookie"])
    response["X-Page-Cache"] = "hit" if hit else "miss"


def _mark_personal(request, response):
    """A response to someone with a session, or one that sets a cookie, is theirs
    alone: no shared cache (CDN, proxy) may keep it."""
    personal = settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies
    if personal and "Cache-Control" not in response:
        patch_cache_control(response, private=True)


# --- Generations and clocks ------------------------------------------------------


def _state(request):
    if not hasattr(request, "_page_cache"):
        request._page_cache = _RequestState()
    return request._page_cache


def _generation_key(topic):
    return f"{PREFIX}:generation:{topic}"


def _generation_keys():
    return [_generation_key(topic) for topic in TOPICS]


def _start_generation(topic):
    """A generation for a topic the cache has lost (evicted, or never set): a new
    number, so no page kept before the loss can match it."""
    cache.add(_generation_key(topic), time.time_ns(), timeout=None)
    return cache.get(_generation_key(topic))


def _bump(topic):
    shared = caches["default"]
    if isinstance(shared, RedisCache):
        # One round trip where incr() takes two: a door scan bumps twice.
        count_in_redis(
            shared, _generation_key(topic), start=time.time_ns(), timeout=None
        )
        return
    try:
        shared.incr(_generation_key(topic))
    except ValueError:  # lost from the cache: start afresh
        _start_generation(topic)


def _next_change(generations, now):
    """When the next clock-driven change is due, worked out once per set of
    `generations` (a change to the data can move it) and kept until it passes."""
    numbers = "-".join(str(generations[topic]) for topic in TOPICS)
    key = f"{PREFIX}:clock:{numbers}"
    due = cache.get(key)
    if due is None or due <= now:
        at = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
        moments = [clock(at) for clock in _clocks]
        due = min(
            (moment.timestamp() for moment in moments if moment is not None),
            default=FOREVER,
        )
        cache.set(key, due, timeout=settings.PAGE_CACHE_SECONDS)
    return due


def remember(request, name, compute, *, topics=()):
    """`compute()`, kept in the cache until content next changes: for parts every
    page shares (the header and footer), whether or not whole pages are kept. None
    is never kept (it reads as missing). With `KEEP_PARTS` off (no shared cache:
    another web worker would keep its copy after a change) it is made each time.
    `request` is None outside a request (a task): the generation is then read
    afresh, before `compute()` reads the data.

    `topics` names what else the part shows (`PLACES`, `FIGURES`): it is then kept
    until one of those changes too, and no later than the next moment the clock
    changes a public page (`register_clock`), as a kept page is."""
    if not settings.KEEP_PARTS:
        return compute()
    key = _remember_key(request, name, topics)
    now = time.time()
    kept = cache.get(key)
    if kept is not None and kept.valid_until > now:
        return kept.value
    value = compute()
    if value is not None:
        valid_until = now + settings.PAGE_CACHE_SECONDS
        if topics:
            valid_until = min(valid_until, _next_change(_generations(request), now))
        cache.set(key, _Kept(value, valid_until), timeout=int(valid_until - now) + 1)
    return value


@dataclass(frozen=True)
class _Kept:
    value: object
    valid_until: float


def request_host(request):
    """The host a request is for, to key what differs between sites ("" for a host
    the site doesn't serve, which is answered 400)."""
    try:
        return request.get_host()
    except DisallowedHost:
        return ""


def remember_slow(request, name, compute, *, wait_seconds):
    """`compute()` for something slow to make (the programme PDF), kept like
    `remember` for every request whatever its method, query string or cookies, so
    nobody can make the site build it at will. One request makes it at a time:
    another asking meanwhile waits up to `wait_seconds` for that result, then
    makes it itself (the maker may have died). With the page cache off (one cache
    per process) it is made each time."""
    if not settings.PAGE_CACHE:
        return compute()
    key = _remember_key(request, name)
    value = cache.get(key)
    if value is not None:
        return value
    making = f"{key}:making"
    if not cache.add(making, True, timeout=wait_seconds):
        deadline = time.monotonic() + wait_seconds
        while value is None and time.monotonic() < deadline:
            time.sleep(0.1)
            value = cache.get(key)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    finally:
        cache.delete(making)
    return value


def _remember_key(request, name, topics=()):
    # The generations read when the request began (or by its first kept part): a
    # part made from data read before a change commits is never kept as current.
    # The code's version keeps a new release from reading the markup, or the
    # pickled pages, of the one before.
    generations = _generations(request, (CONTENT, *topics))
    numbers = "-".join(str(generations[topic]) for topic in (CONTENT, *topics))
    return f"{PREFIX}:remember:{_code_version()}:{numbers}:{name}"


def _generations(request, topics=TOPICS):
    """The generations of `topics` the request has read (reading those it hasn't
    yet), or, outside a request, read afresh."""
    known = {} if request is None else _state(request).generations
    missing = [topic for topic in topics if topic not in known]
    if missing:
        found = cache.get_many([_generation_key(topic) for topic in missing])
        for topic in missing:
            known[topic] = found.get(_generation_key(topic)) or _start_generation(topic)
    return {topic: known[topic] for topic in topics}


@functools.cache
def _code_version():
    """A digest of our apps' code and templates (names, sizes, times changed) and
    of the libraries whose objects are kept pickled: new with each release."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    root = Path(settings.BASE_DIR)
    libraries = Path(sys.prefix)  # a virtualenv may sit in the project folder
    folders = [root / "templates"] + [
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(root)
        and not Path(app.path).is_relative_to(libraries)
    ]
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                stat = path.stat()
                digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()
