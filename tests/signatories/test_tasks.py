"""What a signature costs the task worker, with tasks queued in the database as in
production: a sign-up queues one task (the confirmation email) and its request runs
a fixed, small number of queries; confirming queues nothing; the entry reaches site
search when it is approved and leaves it when withdrawn."""

import re

import pytest
from django.core import mail
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from signatories import services, tasks
from signatories.choices import SignatoryStatus
from signatories.models import Signatory
from tests.factories import StaffUserFactory, VerifiedUserFactory

from .conftest import emailed_link

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def task_queue(settings, monkeypatch):
    """Tasks go to the database, as in production, until `run_worker` runs them."""
    settings.TASKS = DATABASE_TASKS
    # The worker checks its connection between tasks; in this test's transaction
    # that would close it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    """What `manage.py db_worker --batch` does, in this process."""
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def queued():
    return sorted(DBTaskResult.objects.ready().values_list("task_path", flat=True))


@pytest.fixture
def form_data(commitments):
    return {
        "name": "Ely Growers",
        "organisation_type": "business",
        "district": "east-cambridgeshire",
        "website": "elygrowers.example.org",
        "pledge": "We will grow more food locally.",
        "commitments": [commitments[0].pk, commitments[5].pk],
        "contact_name": "Alex Example",
        "contact_role": "Director",
        "contact_email": "alex@elygrowers.example.org",
        "authorised": "on",
        "nickname": "",
    }


def search_results(client, query):
    section = client.get(f"/search/?q={query}").text.split('id="results-organisations"')
    if len(section) < 2:
        return []
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section[1])


def test_a_sign_up_queues_one_task_and_the_entry_is_searchable_once_approved(
    client, site_pages, form_data, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signatories/sign/", form_data)

    # The confirmation email only: a signature awaiting confirmation changes
    # nothing site search could show, and has no references worth recording.
    assert queued() == [tasks.send_signatory_email.module_path]
    run_worker()
    [message] = mail.outbox
    assert message.to == ["alex@elygrowers.example.org"]

    # Confirming queues nothing: the entry still can't be found or seen.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(emailed_link(message, "/signatories/confirm/"))
    assert Signatory.objects.get().status == SignatoryStatus.PENDING
    assert queued() == []
    assert search_results(client, "growers") == []

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(
            signatory=Signatory.objects.get(), user=StaffUserFactory()
        )
    # The approval email, and the entry into the search index.
    assert len(queued()) == 2
    run_worker()
    assert search_results(client, "growers") == ["Ely Growers"]
    assert len(mail.outbox) == 2
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_signature(signatory=Signatory.objects.get())
    run_worker()
    assert search_results(client, "growers") == []


def test_a_signed_in_contact_with_a_verified_address_queues_nothing(
    client, site_pages, form_data, task_queue, django_capture_on_commit_callbacks
):
    client.force_login(VerifiedUserFactory(email="alex@elygrowers.example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signatories/sign/", form_data)

    assert response["Location"] == "/signatories/sign/awaiting-approval/"
    assert queued() == []


def test_a_sign_up_costs_a_fixed_number_of_queries(
    client, site_pages, form_data, task_queue, django_assert_num_queries
):
    # The commitments chosen; in one transaction (here a savepoint), the matching
    # signatures (duplicates, and abandoned ones to delete), the entry, its
    # commitments and its audit line. The email is queued once it has committed.
    with django_assert_num_queries(7):
        response = client.post("/signatories/sign/", form_data)

    assert response["Location"] == "/signatories/sign/check-your-email/"


def test_the_worker_sends_a_sign_ups_email_in_a_fixed_number_of_queries(
    client,
    site_pages,
    form_data,
    task_queue,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signatories/sign/", form_data)
    run_worker()  # the first email reads the site's contact address and its wording
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/signatories/sign/",
            {
                **form_data,
                "name": "March Bakers",
                "website": "marchbakers.example.org",
                "contact_email": "sam@marchbakers.example.org",
            },
        )

    # Claiming the task (its row locked and marked running, in a savepoint here
    # as in the rest); the entry, its `SentEmail` row claiming the email's key (one
    # insert) and the task marked done; then the queue found empty.
    with django_assert_num_queries(12):
        run_worker()

    assert [message.to for message in mail.outbox] == [
        ["alex@elygrowers.example.org"],
        ["sam@marchbakers.example.org"],
    ]


def test_signing_again_after_withdrawing_takes_the_next_free_address(signature):
    first = services.submit_signature(**signature)
    first.status = SignatoryStatus.WITHDRAWN
    first.save()

    # The first try at the old address is refused by the database, and the
    # signature is saved at the next free one.
    again = services.submit_signature(**signature)

    assert (first.slug, again.slug) == (
        "fenland-community-energy",
        "fenland-community-energy-2",
    )
    assert again.status == SignatoryStatus.UNCONFIRMED
    assert again.audit_entries.count() == 1
