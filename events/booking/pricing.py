"""What places cost: the one pricing rule, used by the review page, the invoice
step and placing the order (there under its locks). Money is integer pence."""

from dataclasses import dataclass, field

from ..details import AttendeeDetails
from ..models import Session, TicketType


@dataclass(frozen=True)
class PlaceRequest:
    """One place to book: its ticket type, and either the holder's details or None
    for an unnamed place that a colleague claims later."""

    ticket_type: TicketType
    details: AttendeeDetails | None = None
    workshops: tuple[Session, ...] = field(default_factory=tuple)
    # (question id, answer as stored) pairs (`events.booking.questions`).
    answers: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class PricedPlace:
    place: PlaceRequest
    uses_code: bool  # the access code covers it, so it counts against the code's uses
    free_with_code: bool
    price: int  # pence


def price_places(places, code=None):
    """Each PlaceRequest with its price: a place the access code `code` covers is
    free if the code makes places free; any other costs its ticket type's price."""
    code_type_ids = (
        set(code.ticket_types.values_list("pk", flat=True)) if code else set()
    )
    priced = []
    for place in places:
        uses_code = code is not None and code.covers(place.ticket_type, code_type_ids)
        free = uses_code and code.makes_free
        priced.append(
            PricedPlace(
                place=place,
                uses_code=uses_code,
                free_with_code=free,
                price=0 if free else place.ticket_type.price,
            )
        )
    return priced


def total(priced):
    return sum(item.price for item in priced)


def invoice_allowed(priced):
    """Whether every place that costs something may be paid for by invoice."""
    return all(item.place.ticket_type.allows_invoice for item in priced if item.price)
