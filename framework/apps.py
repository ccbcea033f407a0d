from django.apps import AppConfig
from django.db.models.signals import pre_delete

from home import page_cache


class FrameworkConfig(AppConfig):
    name = "framework"
    verbose_name = "Shared Ambition framework"

    def ready(self):
        # The app registry is ready now: connect receivers and hooks.
        from .deletion import refuse_deleting_tagged_commitment
        from .models import Commitment

        pre_delete.connect(
            refuse_deleting_tagged_commitment,
            sender=Commitment,
            dispatch_uid="framework_refuse_deleting_tagged_commitment",
        )
        page_cache.watch_models(self.get_models())
