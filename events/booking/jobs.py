"""Booking jobs run in the background: keeping speakers' tickets in step with the
programme (queued by `events.booking.signals`) and moving the waiting lists on."""

from django_tasks import task

from ..models import SummitPage
from . import speaker_tickets, waiting_list


@task()
def issue_speaker_tickets(summit_id):
    summit = SummitPage.objects.filter(pk=summit_id).first()
    if summit is not None:
        speaker_tickets.issue_speaker_tickets(summit=summit)


@task()
def process_waiting_list():
    waiting_list.process_waiting_list()
