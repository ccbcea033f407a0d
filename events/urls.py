"""Every address of the events app, in the `events:` namespace: each feature
package keeps its own URLconf (see docs/architecture.md)."""

from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("events.programme.urls")),
    path("", include("events.booking.urls")),
    path("", include("events.payments.urls")),
    path("", include("events.door.urls")),
    path("", include("events.postcards.urls")),
    path("", include("events.feedback.urls")),
    path("", include("events.proposals.urls")),
]
