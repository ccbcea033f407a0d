"""Who may use the door: `access.may_check_in`, the one query a scan spends on it,
answers exactly as Django's `user.has_perm` does, for every kind of account."""

import pytest
from django.contrib.auth.models import Permission

from events.door import access
from events.models import SummitPage
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

    may = (
        SummitPage.objects.filter(pk=summit.pk)
        .annotate(may=access.may_check_in(user))
        .values_list("may", flat=True)
        .get()
    )

    assert bool(may) is expected
    assert user.has_perm(access.CHECK_IN_PERMISSION) is expected
