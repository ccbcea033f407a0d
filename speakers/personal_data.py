"""What the speakers' pages hold about a person: their speaker profile. Erasure
forgets the private email address; the profile itself is published programme
content, which the events team takes down on request."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from .models import Speaker


def _profiles(email):
    return Speaker.objects.filter(email__iexact=email)


def find_profiles(email):
    return [
        record(profile, ("name", "pronouns", "role", "organisation", "email", "bio"))
        for profile in _profiles(email).order_by("pk")
    ]


def erase_profiles(email, *, now):
    profiles = _profiles(email)
    kept = [
        _(
            "Your public speaker profile (%(name)s) stays on the programme: ask the "
            "events team to take it down."
        )
        % {"name": profile.name}
        for profile in profiles
    ]
    return Erased(profiles.update(email=""), kept)


HOLDERS = (
    Holder(
        "speakers.speaker",
        gettext_lazy("Speaker profiles"),
        find_profiles,
        erase_profiles,
    ),
)
