"""Who may use the door: `access.door_summit`, the one query a scan spends on the
summit and the permission, answers exactly as Django's `user.has_perm` does, for
every kind of account, and loads what the door shows of the summit."""

import pytest
from django.contrib.auth.models import Permission

from events.door import access
from home.ids import MAX_ID
from tests.factories import StaffUserFactory, UserFactory


def _direct_permission():
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="events", codename="check_in_attendee"
        )
    )
    return user


ACCOUNTS = {
    "check-in staff": (lambda: StaffUserFactory(groups=["Check-in staff"]), True),
    "event manager": (lambda: StaffUserFactory(groups=["Event managers"]), True),
    "permission given directly": (_direct_permission, True),
    "superuser": (lambda: UserFactory(is_superuser=True), True),
    "editor": (lambda: StaffUserFactory(groups=["Editors"]), False),
    "moderator": (lambda: StaffUserFactory(groups=["Moderators"]), False),
    "no groups": (UserFactory, False),
    "inactive check-in staff": (
        lambda: StaffUserFactory(groups=["Check-in staff"], is_active=False),
        False,
    ),
    "inactive superuser": (
        lambda: UserFactory(is_superuser=True, is_active=False),
        False,
    ),
}


@pytest.mark.parametrize("account", ACCOUNTS)
def test_may_check_in_answers_as_has_perm(account, summit):
    make, expected = ACCOUNTS[account]
    # Loaded afresh, as the session loads it: no permissions cached on the object.
    user = make()
    user = type(user).objects.get(pk=user.pk)

    found = access.door_summit(user=user, summit_id=summit.pk)

    assert bool(found.may_check_in) is expected
    assert user.has_perm(access.CHECK_IN_PERMISSION) is expected


def test_the_summit_comes_in_one_query_with_what_the_door_shows(
    summit, django_assert_num_queries
):
    user = StaffUserFactory(groups=["Check-in staff"])

    with django_assert_num_queries(1):
        found = access.door_summit(user=user, summit_id=summit.pk)
        shown = (found.pk, found.id, found.title, found.start, found.end)

    assert shown == (summit.pk, summit.pk, summit.title, summit.start, summit.end)


@pytest.mark.parametrize("summit_id", ["unpublished", "unknown", MAX_ID])
def test_no_summit_for_a_draft_or_an_id_no_page_has(summit, summit_id):
    if summit_id == "unpublished":
        summit.unpublish()
        summit_id = summit.pk
    elif summit_id == "unknown":
        summit_id = summit.pk + 1000
    user = UserFactory(is_superuser=True)

    assert access.door_summit(user=user, summit_id=summit_id) is None
