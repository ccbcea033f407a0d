from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Summits and registration"

    def ready(self):
        # Imported when the app is ready: importing registers the receivers.
        from .booking import signals  # noqa: F401
