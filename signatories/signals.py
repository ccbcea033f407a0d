from django.db import transaction

from .register import forget_summary


def signatory_saved(sender, instance, created=False, **kwargs):
    # A new, unconfirmed signature can't change what the public sees; anything
    # else (status changes, renames in the admin) may.
    if created and not instance.is_public:
        return
    transaction.on_commit(forget_summary)


def signatory_deleted(sender, instance, **kwargs):
    transaction.on_commit(forget_summary)
    # Files outlive their rows otherwise; remove them once the deletion is final.
    for field_file in (instance.logo, instance.pending_logo):
        if field_file:
            transaction.on_commit(
                lambda storage=field_file.storage, name=field_file.name: storage.delete(
                    name
                )
            )
