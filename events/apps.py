from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Summits and registration"

    def ready(self):
        from . import signals  # noqa: F401
