"""Keep what a deleted session's cancellation needs: the places that booked or
starred it go with it, so they are noted first for the next programme release
(`events.programme.releases.keep_audience`)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from ..models import Session
from . import releases


@receiver(pre_delete, sender=Session)
def session_deleted(sender, instance, **kwargs):
    releases.keep_audience(instance)
