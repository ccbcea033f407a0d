"""The booking steps' memory: what someone has chosen so far for one summit, kept
in their session until the order is placed."""

from django.contrib import messages
from django.utils.translation import gettext as _

from ..details import AttendeeDetails
from ..models import AccessCode, Session
from .holds import new_hold_key
from .pricing import PlaceRequest
from .rules import AccessCodeError, find_access_code

PLACED = "events.booking.placed"  # orders placed in this session, by primary key


class BookingState:
    """An access code, how many places of each type, and each place's details."""

    def __init__(self, request, summit):
        self.request = request
        self.summit = summit
        self.key = f"events.booking.{summit.pk}"
        self.data = request.session.get(self.key, {})

    def save(self):
        self.request.session[self.key] = self.data

    def clear(self):
        self.request.session.pop(self.key, None)

    def hold_key(self):
        """The key of the places held for this booker (`events.booking.holds`)."""
        if "hold" not in self.data:
            self.data["hold"] = new_hold_key()
            self.save()
        return self.data["hold"]

    def booker(self):
        """The booker's name and email, asked of people without a verified
        account: {"name", "email"}, or {} until given."""
        return self.data.get("booker") or {}

    def access_code(self):
        """The code applied, if it is still usable; otherwise it is dropped."""
        code_id = self.data.get("code_id")
        if code_id is None:
            return None
        code = AccessCode.objects.filter(pk=code_id, summit=self.summit).first()
        try:
            if code is None:
                raise AccessCodeError(_("That code no longer exists."))
            find_access_code(summit=self.summit, code=code.code)
        except AccessCodeError as error:
            self.data.pop("code_id", None)
            self.save()
            messages.warning(self.request, error.message)
            return None
        return code

    def ticket_types(self):
        """One ticket type per place chosen, in order; [] until chosen."""
        lines = self.data.get("lines", [])
        by_id = self.summit.ticket_types.for_sale().in_bulk(
            [ticket_type_id for ticket_type_id, _count in lines]
        )
        places = []
        for ticket_type_id, count in lines:
            ticket_type = by_id.get(ticket_type_id)
            if ticket_type is None:
                return []
            ticket_type.summit = self.summit
            places += [ticket_type] * count
        return places

    def place_requests(self):
        """The PlaceRequests chosen and filled in, or None until both steps are done."""
        ticket_types = self.ticket_types()
        places = self.data.get("places") or []
        if not ticket_types or len(places) != len(ticket_types):
            return None
        session_ids = {pk for place in places for pk in place.get("workshops", [])}
        sessions = Session.objects.scheduled().in_bulk(session_ids)
        return [
            PlaceRequest(
                ticket_type=ticket_type,
                details=AttendeeDetails(**place["details"]) if place["named"] else None,
                workshops=tuple(
                    sessions[pk] for pk in place.get("workshops", []) if pk in sessions
                ),
                answers=tuple(
                    (question_id, value)
                    for question_id, value in place.get("answers", [])
                )
                if place["named"]
                else (),
            )
            for ticket_type, place in zip(ticket_types, places, strict=True)
        ]


def remember_placed(request, order):
    """Let this browser see the order's done page, whoever booked it."""
    request.session[PLACED] = [*request.session.get(PLACED, [])[-19:], order.pk]


def placed_here(request, order):
    return order.pk in request.session.get(PLACED, [])
