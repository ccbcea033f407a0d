import pytest

from events.models import CallForProposals
from events.proposals import review
from events.proposals.demo import seed_call

pytestmark = pytest.mark.django_db


class _Out:
    def write(self, text):
        pass


def test_the_demo_call_is_open_with_a_dozen_proposals_and_reviews(summit, settings):
    settings.DEBUG = True  # `make run`'s demo: with DEBUG off it makes no accounts
    seed_call(summit, stdout=_Out())
    seed_call(summit, stdout=_Out())  # a second run adds nothing

    call = CallForProposals.objects.get(summit=summit)
    assert call.is_open()
    statuses = set(call.proposals.values_list("status", flat=True))
    assert call.proposals.count() == 12
    assert statuses == {"draft", "submitted", "withdrawn"}
    rankings = review.dashboard(call)
    assert len(rankings) == 8
    assert sum(r.reviews for r in rankings) == 11  # one reviewer stepped aside once
    assert sum(r.conflicts for r in rankings) == 1
    scores = [r.score for r in rankings if r.score is not None]
    assert len(scores) == 6 and scores == sorted(scores, reverse=True)
