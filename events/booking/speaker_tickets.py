"""Speakers' complimentary places, kept in step with the programme (see
`events.booking.signals`)."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from speakers.models import Speaker

from ..choices import LIVE_ATTENDEE_STATUSES, AttendeeStatus, OrderStatus
from ..details import AttendeeDetails, normalise_email
from ..models import Attendee, StatusChange, TicketType
from . import changes, records, tasks

# The note on places this module cancels, kept untranslated: it is how a later
# run tells "no longer speaking" from a place someone cancelled on purpose.
NO_LONGER_SPEAKING = "No longer speaking."


def issue_speaker_tickets(*, summit, notify=True):
    """Give every speaker of `summit` who has an email address a complimentary place
    (the summit's speakers' ticket type, outside public capacity), and cancel the
    speakers' places of people no longer speaking. Idempotent; speakers who already
    hold a ticket (e.g. one they booked) get no second one. New holders are emailed
    their ticket unless `notify` is False. A speaker's place cancelled by anyone
    but this function (the speaker, or staff) is never issued again for that
    summit. Returns (issued, cancelled) counts."""
    if timezone.now() >= summit.start:
        return 0, 0
    with transaction.atomic():
        ticket_type = _lock_speaker_ticket_type(summit)
        speakers = {}
        for speaker in Speaker.objects.filter(sessions__summit=summit).exclude(
            email=""
        ):
            speakers.setdefault(normalise_email(speaker.email), speaker)
        to_cancel = list(
            ticket_type.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES).exclude(
                email__in=speakers
            )
        )
        if to_cancel:
            changes.cancel_places(attendees=to_cancel, note=NO_LONGER_SPEAKING)
        holders = set(
            Attendee.objects.live()
            .filter(summit=summit, email__in=speakers)
            .values_list("email", flat=True)
        )
        given_up = _cancelled_on_purpose(ticket_type, set(speakers) - holders)
        issued = 0
        now = timezone.now()
        for email, speaker in sorted(speakers.items()):
            if email in holders or email in given_up:
                continue
            order = records.create_order(
                summit=summit, booker=None, status=OrderStatus.CONFIRMED
            )
            records.log(order, None, "", order.status, None, _("Speaker's place."))
            details = AttendeeDetails(
                name=speaker.name,
                email=email,
                organisation=speaker.organisation,
                job_title=speaker.role,
            )
            attendee = records.create_attendee(
                order,
                1,
                ticket_type,
                details,
                price=0,
                uses_access_code=False,
                workshops=(),
                at=now,
            )
            records.log(order, attendee, "", attendee.status, None)
            issued += 1
            if notify:
                transaction.on_commit(
                    partial(
                        tasks.send_ticket_email.enqueue,
                        attendee.pk,
                        attendee.ticket_token,
                    )
                )
    return issued, len(to_cancel)


def _cancelled_on_purpose(ticket_type, emails):
    """Those of `emails` whose last speaker's place at the summit was cancelled by
    someone (the speaker, staff), not by this module for no longer speaking."""
    if not emails:
        return set()
    last_cancellation = {}
    for email, note in (
        StatusChange.objects.filter(
            attendee__ticket_type=ticket_type,
            attendee__email__in=emails,
            to_status=AttendeeStatus.CANCELLED,
        )
        .order_by("changed_at", "pk")
        .values_list("attendee__email", "note")
    ):
        last_cancellation[email] = note
    return {
        email for email, note in last_cancellation.items() if note != NO_LONGER_SPEAKING
    }


def _lock_speaker_ticket_type(summit):
    ticket_type = TicketType.objects.filter(summit=summit, for_speakers=True).first()
    if ticket_type is None:
        try:
            with transaction.atomic():
                ticket_type = TicketType.objects.create(
                    summit=summit,
                    name=_("Speaker"),
                    description=_("A complimentary place for the summit's speakers."),
                    capacity=0,
                    for_speakers=True,
                    max_per_order=1,
                    sort_order=1000,
                )
        except IntegrityError:
            # Another run created it first.
            ticket_type = TicketType.objects.get(summit=summit, for_speakers=True)
    locked = TicketType.objects.select_for_update().get(pk=ticket_type.pk)
    locked.summit = summit
    return locked
