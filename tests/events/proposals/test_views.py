"""The call's public pages and the review pages, as people use them."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Proposal, Review
from events.proposals import review as review_services
from framework.models import Commitment
from tests.factories import StaffUserFactory

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def form_data(call, **overrides):
    question = call.questions.get()
    return {
        "title": "Retrofitting village halls",
        "abstract": "How three parishes cut their energy bills.",
        "description": "",
        "session_type": "panel",
        "commitments": [Commitment.objects.first().pk],
        "audience": "",
        "access_needs": "",
        "organisation_type": "",
        "name": "Pat Proposer",
        "pronouns": "",
        "role": "",
        "organisation": "",
        "bio": "",
        "co_speaker_1": "cass@ouse-valley.example",
        "co_speaker_2": "",
        "co_speaker_3": "",
        f"question_{question.pk}": "yes",
        "action": "submit",
        **overrides,
    }


def test_the_call_page_shows_deadline_and_formats(client, call, summit):
    page = client.get(f"/summit/{summit.slug}/call/").content.decode()
    assert "Call for proposals" in page
    assert "closes in 10 days" in page
    assert "Panel: 60 minutes" in page and "Workshop: 90 minutes" in page
    assert f'href="/summit/{summit.slug}/call/propose/"' in page


@pytest.mark.parametrize(
    ("closes", "says"),
    [
        ((2026, 12, 8, 9, 0), "closes tomorrow"),
        ((2026, 12, 7, 23, 30), "closes today"),
        ((2026, 12, 9, 0, 30), "closes in 2 days"),
    ],
)
def test_the_deadline_counts_uk_calendar_days(client, call, summit, closes, says):
    now = timezone.make_aware(datetime.datetime(2026, 12, 7, 14, 0))
    call.opens_at = now - datetime.timedelta(days=30)
    call.closes_at = timezone.make_aware(datetime.datetime(*closes))
    call.save()

    with time_machine.travel(now, tick=False):
        page = client.get(f"/summit/{summit.slug}/call/").content.decode()

    assert says in page


def test_a_summit_without_a_call_has_no_call_page(client, summit):
    assert client.get(f"/summit/{summit.slug}/call/").status_code == 404


def test_proposing_asks_to_sign_in_and_comes_back(client, call, summit):
    response = client.get(f"/summit/{summit.slug}/call/propose/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert f"/summit/{summit.slug}/call/propose/" in response["Location"]


def test_submitting_the_form(client, call, summit, proposer):
    client.force_login(proposer)
    form = client.get(f"/summit/{summit.slug}/call/propose/").content.decode()
    assert "<legend" in form and 'data-character-count="600"' in form

    response = client.post(f"/summit/{summit.slug}/call/propose/", form_data(call))

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and proposal.answers
    mine = client.get(response["Location"]).content.decode()
    assert "Retrofitting village halls" in mine and "Submitted" in mine
    assert any("invites you" in m.subject for m in mail.outbox)


def test_bad_input_gets_an_error_summary_and_writes_nothing(
    client, call, summit, proposer
):
    client.force_login(proposer)
    response = client.post(
        f"/summit/{summit.slug}/call/propose/",
        form_data(call, abstract="x" * 601, session_type="keynote"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#id_abstract"' in page
    assert not Proposal.objects.exists()


def test_after_the_deadline_the_form_is_refused(client, call, summit, proposer):
    call.closes_at = timezone.now() - datetime.timedelta(hours=1)
    call.save()
    client.force_login(proposer)
    response = client.post(f"/summit/{summit.slug}/call/propose/", form_data(call))
    assert response.status_code == 403
    assert "This call for proposals closed on" in response.content.decode()
    assert not Proposal.objects.exists()


def test_submissions_are_rate_limited(client, call, summit, proposer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposals": (1, 3600)}
    client.force_login(proposer)
    client.post(f"/summit/{summit.slug}/call/propose/", form_data(call))
    response = client.post(f"/summit/{summit.slug}/call/propose/", form_data(call))
    assert response.status_code == 429
    assert Proposal.objects.count() == 1


def test_someone_elses_proposal_is_not_found(
    client, submitted, summit, co_speaker_user
):
    client.force_login(co_speaker_user)
    url = f"/summit/{summit.slug}/call/proposals/{submitted.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}withdraw/").status_code == 404


def test_withdrawing_from_the_page(client, submitted, summit, proposer):
    client.force_login(proposer)
    url = f"/summit/{summit.slug}/call/proposals/{submitted.pk}/withdraw/"
    assert "Withdraw the proposal" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"


def test_a_co_speaker_confirms_through_the_link(
    client, call, summit, proposer, co_speaker_user
):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    url = speaker.get_absolute_url()
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(co_speaker_user)
    page = client.get(url).content.decode()
    assert "Retrofitting village halls" in page and "Confirm as co-speaker" in page

    response = client.post(
        url,
        {
            "action": "confirm",
            "name": "Cass Cospeaker",
            "organisation": "Ouse Valley Trust",
        },
    )

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.status == "confirmed" and speaker.name == "Cass Cospeaker"
    mine = client.get(f"/summit/{summit.slug}/call/proposals/").content.decode()
    assert "Co-speaker: confirmed" in mine


def test_an_invitation_link_is_refused_to_an_account_without_the_address(
    client, call, summit, proposer, co_speaker_user
):
    proposal = make_proposal(call, proposer, co_speakers=["invited@elsewhere.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    url = speaker.get_absolute_url()
    client.force_login(co_speaker_user)

    page = client.get(url)
    response = client.post(url, {"action": "confirm", "name": "Mallory"})

    assert page.status_code == response.status_code == 403
    text = response.content.decode()
    assert "This invitation is for someone else" in text
    assert "sent to another email address" in text
    assert "Retrofitting village halls" not in text
    speaker.refresh_from_db()
    assert speaker.user is None and speaker.status == "invited"


def test_a_co_speaker_who_declined_sees_only_their_answer(
    client, call, summit, proposer, co_speaker_user
):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    client.force_login(co_speaker_user)
    client.post(speaker.get_absolute_url(), {"action": "decline"})

    page = client.get(speaker.get_absolute_url()).content.decode()
    mine = client.get(f"/summit/{summit.slug}/call/proposals/").content.decode()

    assert "You declined this invitation" in page
    assert "How three parishes cut their energy bills." not in page
    assert "Pat Proposer" not in page
    assert "You declined" in mine and "Submitted" not in mine
    own = client.get(f"/summit/{summit.slug}/call/proposals/{proposal.pk}/")
    assert own.status_code == 404


def test_a_wrong_invitation_token_is_not_found(client, call, summit, co_speaker_user):
    client.force_login(co_speaker_user)
    assert client.get(f"/summit/{summit.slug}/call/co-speaker/nope/").status_code == 404


def test_reviewer_scores_through_the_admin(client, call, submitted, reviewers):
    client.force_login(reviewers[0])
    listing = client.get(f"/admin/proposals-review/{call.pk}/").content.decode()
    assert "Retrofitting village halls" in listing and "To do" in listing
    url = f"/admin/proposals-review/proposal/{submitted.pk}/"
    relevance, delivery = call.criteria.order_by("sort_order", "pk")

    bad = client.post(url, {f"criterion_{relevance.pk}": "9"})
    assert bad.status_code == 400 and not Review.objects.exists()
    response = client.post(
        url,
        {
            f"criterion_{relevance.pk}": "5",
            f"criterion_{delivery.pk}": "2",
            "comment": "Good",
        },
    )

    assert response.status_code == 302
    dashboard = client.get(
        f"/admin/proposals-review/{call.pk}/dashboard/"
    ).content.decode()
    assert "4.00" in dashboard


def test_anonymised_review_hides_names(client, call, submitted, reviewers):
    call.anonymised_review = True
    call.save()
    client.force_login(reviewers[0])
    page = client.get(
        f"/admin/proposals-review/proposal/{submitted.pk}/"
    ).content.decode()
    assert "Retrofitting village halls" in page
    assert "Pat Proposer" not in page and "fenland-futures" not in page
    dashboard = client.get(
        f"/admin/proposals-review/{call.pk}/dashboard/"
    ).content.decode()
    assert "Pat Proposer" not in dashboard


def test_hidden_scores_on_the_dashboard(client, call, submitted, reviewers):
    relevance, delivery = call.criteria.order_by("sort_order", "pk")
    review_services.save_review(
        proposal=submitted,
        reviewer=reviewers[1],
        scores={relevance.pk: 5, delivery.pk: 5},
    )
    client.force_login(reviewers[0])
    dashboard = client.get(
        f"/admin/proposals-review/{call.pk}/dashboard/"
    ).content.decode()
    assert "Hidden until you score it" in dashboard and "5.00" not in dashboard


def test_people_without_the_permission_see_no_review_pages(
    client, call, submitted, proposer
):
    client.force_login(proposer)
    assert client.get(f"/admin/proposals-review/{call.pk}/").status_code in (302, 403)


def test_event_managers_export_and_see_statistics(client, call, submitted):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    csv = client.get("/admin/snippets/events/proposal/?export=csv")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode()
    assert (
        "Retrofitting village halls" in body and "pat@fenland-futures.example" in body
    )
    xlsx = client.get("/admin/snippets/events/proposal/?export=xlsx")
    assert xlsx.status_code == 200
    stats = client.get(
        f"/admin/proposals-review/{call.pk}/statistics/"
    ).content.decode()
    assert "Panel" in stats and "Public sector" in stats


def test_my_proposals_takes_the_same_queries_however_many(
    client, call, summit, proposer
):
    client.force_login(proposer)
    url = f"/summit/{summit.slug}/call/proposals/"
    make_proposal(call, proposer, title="One")
    client.get(url)  # warm the page's own caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    make_proposal(call, proposer, title="Two", co_speakers=["c@x.example"])
    make_proposal(call, proposer, title="Three")
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert "Three" in page

    assert len(three) == len(one)


def test_event_managers_edit_the_call_in_the_admin(client, call):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    edit = client.get(f"/admin/snippets/events/callforproposals/edit/{call.pk}/")
    assert edit.status_code == 200
    page = edit.content.decode()
    assert "Session types on offer" in page and "Review criteria" in page
    assert client.get("/admin/snippets/events/callforproposals/add/").status_code == 200
