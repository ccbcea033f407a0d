import pytest

from events.models import Postcard, PostcardLogEntry
from events.postcards import services
from tests.factories.accounts import StaffUserFactory
from tests.factories.postcards import PostcardFactory

pytestmark = pytest.mark.django_db


def write(summit, outcome, ambition="Buses every 20 minutes.", **fields):
    return services.write_postcard(
        summit=summit, ambition=ambition, outcome=outcome, **fields
    )


def actions(postcard):
    return list(
        PostcardLogEntry.objects.filter(postcard=postcard)
        .order_by("pk")
        .values_list("action", "reason")
    )


def test_a_clean_card_goes_on_the_wall_at_once(summit, outcome):
    postcard = write(summit, outcome, first_name="Ada", district="fenland")

    assert postcard.status == "published"
    assert postcard.published_at is not None
    assert list(Postcard.objects.for_wall()) == [postcard]
    assert actions(postcard) == [("written", "")]


def test_a_suspect_card_is_held_with_its_reasons(summit, outcome):
    postcard = write(summit, outcome, ambition="Fund it: www.example.com")

    assert postcard.status == "held"
    assert postcard.suspect_reasons == "a web address"
    assert list(Postcard.objects.for_wall()) == []
    assert actions(postcard) == [
        ("written", ""),
        ("held", "Suspect: a web address."),
    ]


def test_a_summit_can_hold_every_card(summit, outcome):
    summit.hold_postcards = True
    summit.save()

    postcard = write(summit, outcome)

    assert postcard.status == "held"
    assert actions(postcard)[-1] == ("held", "The summit holds every card.")


def test_a_summit_not_collecting_refuses_and_writes_nothing(summit, outcome):
    summit.postcards_open = False
    summit.save()

    with pytest.raises(services.PostcardError, match="not collecting"):
        write(summit, outcome)
    assert not Postcard.objects.exists()


def test_approving_puts_a_held_card_on_the_wall(summit, outcome):
    moderator = StaffUserFactory()
    held = PostcardFactory(summit=summit, status="held", published_at=None)

    services.approve_postcard(postcard=held, user=moderator)

    held.refresh_from_db()
    assert held.status == "published" and held.published_at is not None
    assert actions(held) == [("approved", "")]
    assert PostcardLogEntry.objects.get(postcard=held).user == moderator


def test_rejecting_needs_a_reason_and_keeps_the_card_off_the_wall(summit):
    held = PostcardFactory(summit=summit, status="held", published_at=None)

    with pytest.raises(services.PostcardError, match="Give a reason"):
        services.reject_postcard(postcard=held, user=None, reason="  ")
    services.reject_postcard(postcard=held, user=None, reason="An advert")

    held.refresh_from_db()
    assert held.status == "rejected"
    assert actions(held) == [("rejected", "An advert")]


def test_taking_down_removes_a_card_from_the_wall(summit):
    card = PostcardFactory(summit=summit)

    services.take_down_postcard(postcard=card, user=None, reason="Names a person")

    assert list(Postcard.objects.for_wall()) == []
    assert actions(card) == [("taken-down", "Names a person")]


@pytest.mark.parametrize(
    ("status", "decide"),
    [
        ("published", services.approve_postcard),
        ("rejected", services.approve_postcard),
        ("held", services.take_down_postcard),
    ],
)
def test_a_decision_on_a_card_in_the_wrong_state_is_refused(summit, status, decide):
    card = PostcardFactory(summit=summit, status=status)
    kwargs = {"reason": "Because"} if decide is services.take_down_postcard else {}

    with pytest.raises(services.PostcardError):
        decide(postcard=card, user=None, **kwargs)
    card.refresh_from_db()
    assert card.status == status
    assert not PostcardLogEntry.objects.exists()
