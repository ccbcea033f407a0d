"""What follows a signature's save or deletion: the cached supporter count
(`register.py`), the site search index and the logo files. Signals rather than
calls in services: moderators also rename and delete entries in the admin."""

from django.db import transaction
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task

from .register import forget_summary


def signatory_saved(sender, instance, raw=False, **kwargs):
    # A signature awaiting confirmation or approval has never been public: saving
    # it changes neither the register nor what site search finds, and queues no
    # work. Anything else (approval, updates, withdrawal, renames in the admin) may.
    if instance.is_awaiting:
        return
    transaction.on_commit(forget_summary)
    if not raw:
        # As Wagtail's own handler would (`Signatory.search_auto_update` is off).
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


def signatory_deleted(sender, instance, **kwargs):
    transaction.on_commit(forget_summary)
    index.remove_object(instance)
    # Files outlive their rows otherwise; remove them once the deletion is final.
    for field_file in (instance.logo, instance.pending_logo):
        if field_file:
            transaction.on_commit(
                lambda storage=field_file.storage, name=field_file.name: storage.delete(
                    name
                )
            )
