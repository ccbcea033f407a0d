"""Personal agendas: the sessions a ticket holder starred, with the workshops they
booked, and which of them clash (docs/programme.md#personal-agenda).

A signed-in person's agenda for a summit belongs to their place at it
(`Attendee.objects.held_by`): the first live one, should they hold several. Through
the ticket link the place is the one the link opens. Stars belong to the place, so
they follow it to a new holder when it is passed on, and go when the place is
anonymised (`events.retention`).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ..models import AgendaItem, Attendee, Session


class AgendaError(Exception):
    """A star that can't be given or taken; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def place_for(*, user, summit):
    """`user`'s live place at `summit`, or None."""
    if not user.is_authenticated:
        return None
    return (
        Attendee.objects.live()
        .held_by(user)
        .filter(summit=summit)
        .select_related("summit")
        .order_by("pk")
        .first()
    )


def _check(attendee, session):
    if not attendee.is_live:
        raise AgendaError(_("This place is no longer live, so it has no agenda."))
    if session.summit_id != attendee.summit_id:
        raise AgendaError(_("That session is not part of this summit."))


def star_session(*, attendee, session):
    """Add `session` to `attendee`'s agenda (starring twice is harmless)."""
    _check(attendee, session)
    try:
        with transaction.atomic():
            AgendaItem.objects.get_or_create(attendee=attendee, session=session)
    except IntegrityError:
        pass  # Starred at the same moment from another tab: it is starred.


def unstar_session(*, attendee, session):
    """Take `session` off `attendee`'s agenda (if it was there)."""
    _check(attendee, session)
    with transaction.atomic():
        AgendaItem.objects.filter(attendee=attendee, session=session).delete()


def starred_ids(attendee):
    """The pks of the sessions `attendee` starred, in one query."""
    if attendee is None:
        return set()
    return set(attendee.agenda_items.values_list("session_id", flat=True))


@dataclass
class AgendaEntry:
    session: Session
    starred: bool
    booked: bool
    clashes: list = field(default_factory=list)


def agenda_sessions(attendee):
    """The sessions on `attendee`'s agenda: starred or booked workshops, with
    `is_starred` and `is_booked`, in time order (a fixed number of queries)."""
    starred = AgendaItem.objects.filter(attendee=attendee, session=OuterRef("pk"))
    booked = Attendee.workshops.through.objects.filter(
        attendee=attendee, session=OuterRef("pk")
    )
    return (
        Session.objects.scheduled()
        .filter(summit_id=attendee.summit_id)
        .annotate(is_starred=Exists(starred), is_booked=Exists(booked))
        .filter(Q(is_starred=True) | Q(is_booked=True))
        .for_listing()
        .order_by("start", "end", "title")
    )


def build_agenda(attendee):
    """`attendee`'s agenda as `AgendaEntry`s, each naming the entries it overlaps."""
    entries = [
        AgendaEntry(
            session=session, starred=session.is_starred, booked=session.is_booked
        )
        for session in agenda_sessions(attendee)
    ]
    for index, entry in enumerate(entries):
        for other in entries[index + 1 :]:
            if other.session.start >= entry.session.end:
                break
            entry.clashes.append(other.session)
            other.clashes.append(entry.session)
    return entries
