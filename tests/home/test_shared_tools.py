import time

import pytest
import redis
from django import forms
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from home import page_cache
from home.emails import send_templated_email_once
from home.forms import HoneypotFormMixin, ModelChoicesField
from home.ids import MAX_ID, IdConverter, parse_id
from home.ratelimit import client_ip, is_rate_limited, ratelimit


class ContactForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(help_text="We reply within five working days.")


def test_form_errors_are_summarised_and_tied_to_their_fields():
    form = ContactForm(data={"email": "nope"})

    html = form.render()

    assert "There is a problem" in html
    assert '<a href="#id_email">Enter a valid email address.</a>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html


def test_honeypot_is_hidden_from_people_and_rejects_bots():
    html = ContactForm().render()
    assert '<div class="honeypot" aria-hidden="true">' in html

    bot = ContactForm(data={"email": "bot@example.org", "nickname": "spam"})
    assert not bot.is_valid()
    person = ContactForm(data={"email": "person@example.org", "nickname": ""})
    assert person.is_valid()


def test_rate_limit_allows_up_to_the_limit_then_refuses(settings):
    settings.RATE_LIMITS = {"test": (3, 60)}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    results = [is_rate_limited(request, "test") for _ in range(4)]
    assert results == [False, False, False, True]

    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
    assert not is_rate_limited(other, "test")


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis, as production has it, on an emptied database."""
    url = "redis://127.0.0.1:6379/14"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {url}")
    settings.CACHES = {
        "default": {
            "BACKEND": "home.redis_cache.KeptClientRedisCache",
            "LOCATION": url,
        }
    }
    yield client
    client.flushdb()


def record_redis_commands(monkeypatch):
    """The list each command (or MULTI/EXEC block) sent to Redis from now is added to."""
    sent = []
    send = redis.connection.Connection.send_packed_command
    monkeypatch.setattr(
        redis.connection.Connection,
        "send_packed_command",
        lambda connection, *args, **kwargs: (
            sent.append(args),
            send(connection, *args, **kwargs),
        )[1],
    )
    return sent


def test_rate_limit_in_redis_takes_one_round_trip_a_request(
    redis_cache, settings, monkeypatch
):
    settings.RATE_LIMITS = {"test": (3, 60)}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert not is_rate_limited(request, "test")  # connects (and selects the database)
    sent = record_redis_commands(monkeypatch)

    results = [is_rate_limited(request, "test") for _ in range(3)]

    assert results == [False, False, True]
    assert len(sent) == 3
    [key] = redis_cache.keys("*ratelimit:test:203.0.113.9:*")
    assert int(redis_cache.get(key)) == 4
    assert 0 < redis_cache.ttl(key) <= 60
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
    assert not is_rate_limited(other, "test")


def test_the_redis_cache_keeps_one_client_for_its_connection_pool(redis_cache):
    shared = caches["default"]

    client = shared._cache.get_client("a", write=True)

    assert shared._cache.get_client("b") is client  # one server: one pool
    shared.set("kept", 41)
    assert shared.incr("kept") == 42
    assert shared.get("kept") == 42


def test_a_page_cache_generation_bump_in_redis_takes_one_round_trip(
    redis_cache, monkeypatch
):
    key = caches["default"].make_and_validate_key(
        page_cache._generation_key(page_cache.FIGURES)
    )
    before = time.time_ns()
    page_cache._bump(page_cache.FIGURES)  # lost (never set): starts afresh
    started = page_cache._generations(None)[page_cache.FIGURES]
    assert started > before  # a new number, which no kept page can hold
    assert redis_cache.ttl(key) == -1  # kept until the next bump
    sent = record_redis_commands(monkeypatch)

    page_cache._bump(page_cache.FIGURES)

    assert len(sent) == 1
    assert page_cache._generations(None)[page_cache.FIGURES] == started + 1


def test_ratelimit_decorator_answers_429_with_a_clear_page(db, settings):
    settings.RATE_LIMITS = {"decorated": (1, 300)}

    @ratelimit("decorated")
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.post("/")).status_code == 200
    response = view(factory.post("/"))
    assert response.status_code == 429
    assert b"Please wait 5 minutes and try again" in response.content
    assert view(factory.get("/")).status_code == 200


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_ip_trusts_only_the_configured_proxy_hop():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"


def test_client_ip_ignores_forwarded_header_without_proxies():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.django_db
def test_templated_email_has_text_html_and_attachments(tmp_path, settings):
    templates = tmp_path / "mail"
    templates.mkdir()
    (templates / "hello_subject.txt").write_text("Hello\n{{ name }}\n")
    (templates / "hello.txt").write_text("Hi {{ name }}, see {{ site_url }}")
    (templates / "hello.html").write_text("<p>Hi {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    send_templated_email_once(
        key="hello:ada",
        template="mail/hello",
        context={"name": "Ada"},
        to=["ada@example.org"],
        attachments=[("invite.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )

    message = mail.outbox[0]
    assert message.subject == "Hello Ada"
    assert message.body == "Hi Ada, see http://testserver"
    assert message.alternatives[0] == ("<p>Hi Ada</p>", "text/html")
    assert message.attachments[0][0] == "invite.ics"


def test_model_choices_refuse_an_id_past_any_database_integer(db):
    field = ModelChoicesField(queryset=Group.objects.all())

    for value in (str(MAX_ID + 1), "9" * 40, f"-{'9' * 40}", "²", "١"):
        with pytest.raises(forms.ValidationError) as refusal:
            field.clean([value])
        assert refusal.value.code == "invalid_pk_value"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 20, None),
        ("9" * 5000, None),
        ("²", None),
        ("١", None),
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_an_id_from_an_address_is_ascii_digits_a_database_holds(value, expected):
    assert parse_id(value) == expected


def test_the_id_path_converter_matches_only_ids_a_database_holds():
    converter = IdConverter()

    assert converter.to_python("7") == 7
    assert converter.to_url(7) == "7"
    with pytest.raises(ValueError):
        converter.to_python("9" * 19)  # past MAX_ID, though the pattern matches
