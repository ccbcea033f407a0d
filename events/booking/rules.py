"""The booking rules that can be checked without writing anything, each with its
message written once.

Forms call these to tell people early; the services in this package call them again
under their locks (see `events.booking.records`) when the booking is made, so a form
never restates a rule. Each raises a `BookingError` whose `message` tells the person
what went wrong and what to do.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..details import normalise_email
from ..models import AccessCode, Attendee
from ..models.tickets import normalise_code

PAID_PLACES_UNAVAILABLE = gettext_lazy(
    "Paid places from the waiting list are booked by the events team. Please "
    "contact them to take this place."
)


class BookingError(Exception):
    """A registration rule refused the request; `message` tells the person why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SoldOut(BookingError):
    def __init__(self, message, *, ticket_type=None, session=None):
        super().__init__(message)
        self.ticket_type = ticket_type
        self.session = session


class AlreadyBooked(BookingError):
    """`email` already holds a live ticket for the summit."""

    def __init__(self, email):
        super().__init__(
            _("%(email)s already has a ticket for this summit.") % {"email": email}
        )
        self.email = email


class AccessCodeError(BookingError):
    pass


# Access codes


def find_access_code(*, summit, code, at=None):
    """The summit's access code matching `code` in any case, or AccessCodeError
    saying why it can't be used (unknown, expired, used up)."""
    code = normalise_code(code)
    access_code = AccessCode.objects.filter(summit=summit, code=code).first()
    if access_code is None:
        raise AccessCodeError(
            _("We don't recognise the code %(code)s. Check it and try again.")
            % {"code": code}
        )
    check_code_usable(access_code, at=at)
    return access_code


def check_code_usable(code, *, at=None):
    if code.is_expired(at):
        raise AccessCodeError(
            _("The code %(code)s expired on %(date)s.")
            % {
                "code": code.code,
                "date": date_format(timezone.localtime(code.valid_until), "j F Y"),
            }
        )
    if code.remaining_uses == 0:
        raise AccessCodeError(
            _("The code %(code)s has been used for all the places it allows.")
            % {"code": code.code}
        )


def check_code_uses(code, places):
    """Raise unless `code` has `places` uses left."""
    remaining = code.remaining_uses
    if remaining is not None and places > remaining:
        raise AccessCodeError(
            ngettext(
                "The code %(code)s can be used for %(count)s more place.",
                "The code %(code)s can be used for %(count)s more places.",
                remaining,
            )
            % {"code": code.code, "count": remaining}
        )


# Places


def check_can_book(ticket_type, count, *, code, code_type_ids, at=None):
    """Raise unless `count` places of `ticket_type` may be booked in one order now:
    on sale, unlocked when hidden, within its per-order maximum and its places left.
    `code_type_ids` are the ticket types `code` names."""
    name = ticket_type.name
    if not ticket_type.is_on_sale(at):
        raise BookingError(
            _("%(name)s places are not on sale at the moment.") % {"name": name}
        )
    if ticket_type.requires_code and not (
        code is not None and code.unlocks(ticket_type, code_type_ids)
    ):
        raise AccessCodeError(
            _("%(name)s places need an access code.") % {"name": name}
        )
    check_places(ticket_type, count)


def check_places(ticket_type, count):
    """Raise unless `count` places of `ticket_type` fit in one order and in its
    places left (`TicketType.places_left`)."""
    name = ticket_type.name
    if count > ticket_type.max_per_order:
        raise BookingError(
            _("You can book up to %(max)s %(name)s places in one order.")
            % {"max": ticket_type.max_per_order, "name": name}
        )
    left = ticket_type.places_left()
    if left == 0:
        raise SoldOut(
            _("Sorry, %(name)s is sold out.") % {"name": name},
            ticket_type=ticket_type,
        )
    if count > left:
        raise SoldOut(
            ngettext(
                "Sorry, only %(count)s %(name)s place is left.",
                "Sorry, only %(count)s %(name)s places are left.",
                left,
            )
            % {"count": left, "name": name},
            ticket_type=ticket_type,
        )


def check_email_free(*, summit, email, exclude=None):
    """Raise AlreadyBooked if `email` holds a live ticket for `summit` (other than
    the attendee `exclude`)."""
    email = normalise_email(email)
    holders = Attendee.objects.live().filter(summit=summit, email=email)
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    if holders.exists():
        raise AlreadyBooked(email)


# Workshops


def check_apart(earlier, later):
    """Raise if session `later` starts before `earlier` ends."""
    if later.start < earlier.end:
        raise BookingError(
            _("%(first)s and %(second)s overlap: choose one of them.")
            % {"first": earlier.title, "second": later.title}
        )


def check_workshop_room(session, *, booked, wanted=1):
    """Raise unless `session` (`booked` places taken) has room for `wanted` more."""
    if session.capacity is not None and booked + wanted > session.capacity:
        raise SoldOut(
            _("Sorry, the workshop %(title)s is full.") % {"title": session.title},
            session=session,
        )


# Changing and cancelling places


def check_changes_open(attendee):
    """Raise unless the holder may still edit `attendee` or transfer it."""
    if not attendee.is_live:
        raise BookingError(_("This place has been cancelled."))
    if not attendee.is_named:
        raise BookingError(_("This place has no holder yet."))
    if not attendee.summit.attendee_changes_are_open():
        raise BookingError(
            _(
                "Changes to bookings have closed. Please contact the events team if "
                "something is wrong."
            )
        )


def changes_open(attendee):
    try:
        check_changes_open(attendee)
    except BookingError:
        return False
    return True


def check_live(attendees):
    if not attendees or any(not attendee.is_live for attendee in attendees):
        raise BookingError(_("This place is already cancelled."))


def check_cancellable(*, attendees):
    """Raise BookingError unless `cancel_places` would cancel `attendees` now (for
    a caller about to do something first that can't be undone, such as a refund).
    `cancel_places` checks again under its locks."""
    check_live(attendees)
    if timezone.now() >= attendees[0].summit.start:
        raise BookingError(
            _("The summit has started, so places can no longer be cancelled.")
        )
