from django.apps import AppConfig
from django.db.models.signals import post_save

from home import page_cache, personal_data


class SpotlightsConfig(AppConfig):
    name = "spotlights"
    verbose_name = "Delivery spotlights"

    def ready(self):
        # The app registry is ready now: connect receivers and hooks.
        from . import personal_data as holders
        from .models import SpotlightIndexPage
        from .signals import set_up_new_index

        post_save.connect(
            set_up_new_index,
            sender=SpotlightIndexPage,
            dispatch_uid="spotlights_set_up_new_index",
        )
        page_cache.watch_models(self.get_models())
        personal_data.register(*holders.HOLDERS)
