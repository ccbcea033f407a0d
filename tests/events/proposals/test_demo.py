import pytest

from events.models import CallForProposals
from events.proposals import review
from events.proposals.demo import seed_call

pytestmark = pytest.mark.django_db


class _Out:
    def write(self, text):
        pass


def test_the_demo_call_is_open_with_a_dozen_proposals_and_reviews(summit):
    seed_call(summit, stdout=_Out())
    seed_call(summit, stdout=_Out())  # a second run adds nothing

    call = CallForProposals.objects.get(summit=summit)
    assert call.is_open()
    statuses = set(call.proposals.values_list("status", flat=True))
    assert call.proposals.count() == 12
    assert statuses == {"draft", "submitted", "withdrawn"}
    rankings = review.dashboard(call)
    assert len(rankings) == 8
    assert rankings[0].reviews == 2 and rankings[0].score is not None
