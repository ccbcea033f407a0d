"""Keep speakers' complimentary tickets in step with the programme: whenever a
session's speakers change, a session goes, or a speaker's details change, queue
`issue_speaker_tickets` for the summits concerned once the change has committed."""

from functools import partial

from allauth.account.signals import email_confirmed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from speakers.models import Speaker

from ..models import Session
from . import accounts, jobs


def _sync_speaker_tickets(summit_ids):
    for summit_id in sorted(set(summit_ids)):
        transaction.on_commit(partial(jobs.issue_speaker_tickets.enqueue, summit_id))


def _upcoming_summits_of(speaker_ids=None):
    # Unscheduled sessions too: their speakers hold tickets (speaker_tickets).
    sessions = Session.objects.filter(summit__start__gt=timezone.now())
    if speaker_ids is not None:
        sessions = sessions.filter(speakers__in=speaker_ids)
    return sessions.values_list("summit_id", flat=True).distinct()


@receiver(m2m_changed, sender=Session.speakers.through)
def session_speakers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        _sync_speaker_tickets([instance.summit_id])
    elif pk_set:
        _sync_speaker_tickets(
            Session.objects.filter(pk__in=pk_set).values_list("summit_id", flat=True)
        )
    else:
        # A speaker's sessions were cleared: which summits isn't known any more.
        _sync_speaker_tickets(_upcoming_summits_of())


@receiver(post_delete, sender=Session)
def session_deleted(sender, instance, **kwargs):
    _sync_speaker_tickets([instance.summit_id])


# The only Speaker field the tickets depend on: who holds a speaker's place.
TICKET_FIELDS = {"email"}


@receiver(post_save, sender=Speaker)
def speaker_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is not None and not TICKET_FIELDS & set(update_fields):
        return  # a profile edit or an account link: nothing about who speaks
    _sync_speaker_tickets(_upcoming_summits_of([instance.pk]))


@receiver(email_confirmed)
def attach_bookings_to_account(sender, request, email_address, **kwargs):
    accounts.attach_bookings(user=email_address.user, email=email_address.email)
