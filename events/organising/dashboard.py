"""The organisers' figures for one summit: places sold against capacity and
their value per ticket type, the money actually received, the waiting list, arrivals, bookings over time (a chart
drawn by `framework.charts`), who is coming by organisation type and district,
answers to the summit's choice, multiple-choice and yes/no registration questions,
and the access and dietary requirements the venue and caterers need.

Plain aggregate queries, a fixed number however many people booked; the admin
views in `events.organising.views` render them.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from framework.charts import Reading, build_chart
from signatories.choices import District, OrganisationType

from ..booking.questions import answer_counts
from ..choices import InvoiceStatus
from ..door import services as door
from ..models import Attendee, CardPayment, Invoice, SummitPage, TicketType
from ..money import format_amount


@dataclass(frozen=True)
class TicketTypeFigures:
    ticket_type: TicketType
    sold: int
    booked_value: int  # pence: the live places' prices, paid for or not
    waiting: int
    arrived: int
    expected: int

    @property
    def booked_value_text(self):
        return format_amount(self.booked_value)


@dataclass(frozen=True)
class Share:
    label: str
    count: int


@dataclass(frozen=True)
class QuestionAnswers:
    """A registration question, live places per answer, and how many answered."""

    question: object
    shares: list
    answered: int


@dataclass(frozen=True)
class SummitFigures:
    summit: object
    ticket_types: list
    bookings_chart: object
    bookings_by_day: list
    organisation_types: list
    districts: list
    received: int  # pence
    # QuestionAnswers for the summit's counted registration questions.
    questions: list = field(default_factory=list)

    @property
    def sold(self):
        """Places booked against the public capacity (speakers' are outside it)."""
        return sum(
            line.sold for line in self.ticket_types if not line.ticket_type.for_speakers
        )

    @property
    def capacity(self):
        return sum(
            line.ticket_type.capacity
            for line in self.ticket_types
            if not line.ticket_type.for_speakers
        )

    @property
    def booked_value_text(self):
        return format_amount(sum(line.booked_value for line in self.ticket_types))

    @property
    def received_text(self):
        return format_amount(self.received)

    @property
    def waiting(self):
        return sum(line.waiting for line in self.ticket_types)

    @property
    def arrived(self):
        return sum(line.arrived for line in self.ticket_types)

    @property
    def expected(self):
        return sum(line.expected for line in self.ticket_types)


def summit_figures(summit):
    """Every figure on a summit's dashboard (no personal data)."""
    live = Attendee.objects.live().filter(summit=summit)
    sales = {
        row["ticket_type"]: row
        for row in live.order_by()
        .values("ticket_type")
        .annotate(sold=Count("pk"), booked_value=Sum("price"))
    }
    waiting = dict(
        TicketType.objects.filter(summit=summit)
        .with_places_taken()
        .values_list("pk", "waiting_count")
    )
    lines = [
        TicketTypeFigures(
            ticket_type=ticket_type,
            sold=sales.get(ticket_type.pk, {}).get("sold", 0),
            booked_value=sales.get(ticket_type.pk, {}).get("booked_value") or 0,
            waiting=waiting.get(ticket_type.pk, 0),
            arrived=ticket_type.arrived,
            expected=ticket_type.expected,
        )
        for ticket_type in door.arrival_counts(summit)
    ]
    by_day = _bookings_by_day(live)
    return SummitFigures(
        summit=summit,
        ticket_types=lines,
        bookings_chart=_bookings_chart(by_day),
        bookings_by_day=by_day,
        organisation_types=_shares(live, "organisation_type", OrganisationType),
        districts=_shares(live, "district", District),
        received=_received(summit),
        questions=[
            QuestionAnswers(
                question=question,
                shares=[Share(str(label), count) for label, count in choices],
                answered=answered,
            )
            for question, choices, answered in answer_counts(summit)
        ],
    )


def _received(summit):
    """Pence actually in: card payments less their refunds, and paid invoices
    (held places, unpaid invoices and refunds don't count)."""
    cards = CardPayment.objects.filter(order__summit=summit).aggregate(
        total=Sum(F("amount_paid") - F("amount_refunded"))
    )
    invoices = Invoice.objects.filter(
        order__summit=summit, status=InvoiceStatus.PAID
    ).aggregate(total=Sum("amount"))
    return (cards["total"] or 0) + (invoices["total"] or 0)


def _bookings_by_day(live):
    """(day, places booked that day, running total), UK days."""
    rows = (
        live.order_by()
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    total, days = 0, []
    for row in rows:
        total += row["count"]
        days.append((row["day"], row["count"], total))
    return days


def _bookings_chart(by_day):
    readings = [
        Reading(
            day,
            Decimal(total),
            date_format(day, "j M"),
            _("%(count)s places") % {"count": f"{total:,}"},
        )
        for day, _count, total in by_day
    ]
    return build_chart(readings, title=_("Places booked"), unit="places", places=0)


def _shares(live, field, choices):
    """Named places per value of `field`, biggest first, "Not given" last."""
    counts = dict(
        live.filter(email__gt="")
        .order_by()
        .values_list(field)
        .annotate(count=Count("pk"))
    )
    shares = sorted(
        (
            Share(str(label), counts[value])
            for value, label in choices.choices
            if counts.get(value)
        ),
        key=lambda share: -share.count,
    )
    if counts.get(""):
        shares.append(Share(_("Not given"), counts[""]))
    return shares


@dataclass(frozen=True)
class Requirements:
    """What the venue and caterers need: counts, and who needs what."""

    access_needs: list
    dietary_counts: list
    dietary: list


def summit_requirements(summit):
    """Live, named places with access needs or dietary requirements (personal
    data: Event managers only), in name order."""
    people = list(
        Attendee.objects.live()
        .filter(summit=summit, email__gt="")
        .exclude(accessibility_needs="", dietary_requirements="")
        .select_related("order", "ticket_type")
        .order_by("name", "pk")
    )
    dietary = [person for person in people if person.dietary_requirements.strip()]
    counts = Counter(
        " ".join(person.dietary_requirements.split()).capitalize() for person in dietary
    )
    return Requirements(
        access_needs=[p for p in people if p.accessibility_needs.strip()],
        dietary_counts=[Share(label, count) for label, count in counts.most_common()],
        dietary=dietary,
    )


def summits_for_dashboard():
    """Summits newest first, for choosing a dashboard."""
    return SummitPage.objects.order_by("-start")


def default_summit():
    """The next summit to happen, else the latest."""
    upcoming = door.door_open(SummitPage.objects).order_by("start")
    return upcoming.first() or SummitPage.objects.order_by("-start").first()
