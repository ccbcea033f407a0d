import datetime

import pytest
from django.utils import timezone

from events.models import (
    CallForProposals,
    CallQuestion,
    CallSessionType,
    ReviewCriterion,
)
from events.proposals import services
from framework.models import Commitment
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory


@pytest.fixture
def call(summit):
    return open_call(summit)


def open_call(summit):
    """Open a week ago, closing in ten days: panels and workshops, one required
    question, two criteria (relevance weighs twice as much as delivery)."""
    now = timezone.now()
    # Noon UK time ten calendar days on, whatever the hour the test runs.
    closes_at = timezone.localtime(now + datetime.timedelta(days=10)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    call = CallForProposals.objects.create(
        summit=summit,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=closes_at,
        text="<p>Tell us what you deliver.</p>",
    )
    CallSessionType.objects.create(call=call, session_type="panel", duration_minutes=60)
    CallSessionType.objects.create(
        call=call, session_type="workshop", duration_minutes=90
    )
    CallQuestion.objects.create(
        call=call, label="Have you run this before?", kind="yes_no", required=True
    )
    ReviewCriterion.objects.create(call=call, name="Relevance", weight=2)
    ReviewCriterion.objects.create(call=call, name="Delivery", weight=1)
    return call


@pytest.fixture
def proposer(db):
    return VerifiedUserFactory(
        email="pat@fenland-futures.example", first_name="Pat", last_name="Proposer"
    )


@pytest.fixture
def co_speaker_user(db):
    return VerifiedUserFactory(
        email="cass@ouse-valley.example", first_name="Cass", last_name="Cospeaker"
    )


def reviewer(email):
    return StaffUserFactory(email=email, groups=["Reviewers"])


@pytest.fixture
def reviewers(db):
    return [
        reviewer("rowan@panel-one.example"),
        reviewer("remi@panel-two.example"),
    ]


def proposal_fields(**overrides):
    return {
        "title": "Retrofitting village halls",
        "abstract": "How three parishes cut their energy bills.",
        "description": "A panel of parish clerks.",
        "session_type": "panel",
        "audience": "Parish councils",
        "access_needs": "",
        "organisation_type": "public-sector",
        **overrides,
    }


def make_proposal(call, user, *, submit=True, co_speakers=(), **overrides):
    question = call.questions.first()
    return services.save_proposal(
        call=call,
        user=user,
        fields=proposal_fields(**overrides),
        commitments=list(Commitment.objects.all()[:2]),
        co_speaker_emails=co_speakers,
        profile={
            "name": "Pat Proposer",
            "pronouns": "they/them",
            "role": "Clerk",
            "organisation": "Fenland Futures",
            "bio": "Pat runs things.",
        },
        answers={str(question.pk): "yes"} if question else {},
        submit=submit,
    )


@pytest.fixture
def submitted(call, proposer):
    return make_proposal(call, proposer)


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """Emails are queued once the service's transaction commits; the test's own
    transaction never commits, so run them at once."""
    monkeypatch.setattr(
        services.transaction, "on_commit", lambda func, using=None, robust=False: func()
    )
