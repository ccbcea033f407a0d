from django.apps import AppConfig


class SpotlightsConfig(AppConfig):
    name = "spotlights"
    verbose_name = "Delivery spotlights"
