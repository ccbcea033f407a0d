from django.apps import AppConfig

from home import page_cache


class SpeakersConfig(AppConfig):
    name = "speakers"
    verbose_name = "Speakers"

    def ready(self):
        page_cache.watch_models(self.get_models())
