from .services import configure_moderation


def set_up_new_index(sender, instance, created, raw=False, **kwargs):
    """A new stories section gets the moderation workflow and group rights at once,
    whether an editor adds it in the admin or `seed_demo` does."""
    if created and not raw:
        configure_moderation(index=instance)
