from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from home import page_cache, personal_data


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Signatory register"

    def ready(self):
        # The app registry is ready now: connect receivers and hooks.
        from . import email_texts, retention
        from . import personal_data as holders
        from .models import Signatory
        from .signals import signatory_deleted, signatory_saved

        # Signals rather than calls in services: moderators also rename and delete
        # entries in the admin, and the cached count must follow those too.
        post_save.connect(signatory_saved, sender=Signatory)
        post_delete.connect(signatory_deleted, sender=Signatory)
        page_cache.watch_models(self.get_models())
        retention.register_rules()
        email_texts.register_emails()
        personal_data.register(*holders.HOLDERS)
