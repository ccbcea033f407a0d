from django.apps import AppConfig

from home import page_cache, personal_data


class SpeakersConfig(AppConfig):
    name = "speakers"
    verbose_name = "Speakers"

    def ready(self):
        # Models are ready now.
        from . import email_texts
        from . import personal_data as holders

        page_cache.watch_models(self.get_models())
        personal_data.register(*holders.HOLDERS)
        email_texts.register_emails()
