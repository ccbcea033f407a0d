"""The site the scale-out test serves, built inside `manage.py shell` under the
production settings: what `setup_site` builds for a real deployment, one summit
open for booking with three places, and a staff account for the image library."""

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from events.models import SummitIndexPage
from tests.factories.events import (
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)

SUMMIT_SLUG = "scale-out-summit"
CAPACITY = 3
ADMIN_USERNAME = "scale-out-admin"
ADMIN_PASSWORD = "scale-out-only-in-a-throwaway-database"  # noqa: S105


def build():
    """Print the ticket type's id, the one thing the test can't know in advance."""
    call_command("setup_site", stdout=io.StringIO())
    summit = open_registration(
        SummitPageFactory(
            parent=SummitIndexPage.objects.get(),
            title="Scale-out Summit",
            slug=SUMMIT_SLUG,
        )
    )
    ticket_type = TicketTypeFactory(
        summit=summit, name="Delegate place", capacity=CAPACITY
    )
    User.objects.create_superuser(
        ADMIN_USERNAME, "scale-out-admin@example.org", ADMIN_PASSWORD
    )
    print(f"ticket_type={ticket_type.pk}")
