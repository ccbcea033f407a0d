"""`home.emails.send_templated_email_once`: an email is sent at most once per key,
and a send that failed (or never committed) is sent by the next call."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

from home.emails import send_templated_email_once
from home.models import SentEmail


@pytest.fixture
def hello_template(tmp_path, settings):
    templates = tmp_path / "mail"
    templates.mkdir()
    (templates / "hello_subject.txt").write_text("Hello\n{{ name }}\n")
    (templates / "hello.txt").write_text("Hi {{ name }}")
    (templates / "hello.html").write_text("<p>Hi {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "mail/hello"


def send_hello(template, key="hello:1", to=("ada@example.org",)):
    return send_templated_email_once(
        key=key, template=template, context={"name": "Ada"}, to=to
    )


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class SlowBackend(LocmemBackend):
    """Sends after a pause, so a second sender arrives while the first is sending."""

    started = None

    def send_messages(self, messages):
        SlowBackend.started.set()
        time.sleep(0.5)
        return super().send_messages(messages)


def test_the_first_call_sends_and_records_the_email(db, hello_template):
    message = send_hello(hello_template, to=["ada@example.org", "bo@example.org"])

    (outbox,) = mail.outbox
    assert (outbox.subject, outbox.to) == (message.subject, message.to)
    sent = SentEmail.objects.get()
    assert (sent.key, sent.template, sent.subject) == (
        "hello:1",
        "mail/hello",
        "Hello Ada",
    )
    assert sent.recipients == "ada@example.org, bo@example.org"
    assert sent.sent_at is not None


def test_a_second_call_with_the_same_key_sends_nothing(db, hello_template):
    send_hello(hello_template)

    assert send_hello(hello_template) is None
    assert len(mail.outbox) == 1
    assert SentEmail.objects.count() == 1


def test_another_key_is_another_email(db, hello_template):
    send_hello(hello_template, key="hello:1")
    send_hello(hello_template, key="hello:2")

    assert len(mail.outbox) == 2


def test_a_failed_send_leaves_no_key_so_the_next_call_sends(
    db, hello_template, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(ConnectionRefusedError):
        send_hello(hello_template)
    assert not SentEmail.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_hello(hello_template) is not None

    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert SentEmail.objects.get().key == "hello:1"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_call_while_the_same_key_is_sending_waits_and_sends_nothing(
    hello_template, settings
):
    """Two workers running one task at once (a task put back while its worker was
    only slow): the second waits on the first's row, then sends nothing."""
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SlowBackend.started = threading.Event()

    def first():
        try:
            return send_hello(hello_template)
        finally:
            connection.close()

    def second():
        try:
            assert SlowBackend.started.wait(10)
            return send_hello(hello_template)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        sent_first, sent_second = pool.submit(first), pool.submit(second)
        results = [sent_first.result(), sent_second.result()]

    assert results[0] is not None and results[1] is None
    assert len(mail.outbox) == 1
    assert SentEmail.objects.count() == 1
