"""Year-on-year figures: each summit beside the others, oldest first. Places
booked, attendance, the organisations that came (how many, of which type, from
which area, new or back again), sessions per commitment and the feedback score.

Totals only, no personal data: the summit dashboard shows them for every summit,
the public summit index for the published ones. A fixed number of queries however
many summits and people: every figure is one grouped query over all summits, put
together here (docs/organising.md#year-on-year-figures).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from signatories.choices import District, OrganisationType

from .choices import AttendeeStatus
from .models import Attendee, FeedbackResponse, Session, SummitPage


def normalise_organisation(name):
    """One spelling per organisation, so "Fen  Council " and "fen council" count
    once and a returning organisation is recognised."""
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass
class Edition:
    """One summit's figures."""

    summit: SummitPage
    booked: int = 0  # live places, speakers' places aside
    confirmed: int = 0
    arrived: int = 0  # confirmed places checked in (check-in not undone)
    organisations: set = field(default_factory=set)
    by_type: dict = field(default_factory=lambda: defaultdict(set))
    by_district: dict = field(default_factory=lambda: defaultdict(set))
    new_organisations: int = 0
    returning_organisations: int = 0
    sessions: int = 0
    sessions_by_commitment: dict = field(default_factory=dict)
    feedback_score: object = None  # FeedbackResponse's scores_by_summit

    @property
    def started(self):
        return self.summit.start <= timezone.now()

    @property
    def attendance_rate(self):
        """Checked in of confirmed places, in whole per cent; None before the day
        (nobody can have arrived) or without confirmed places."""
        if not self.started or not self.confirmed:
            return None
        return round(100 * self.arrived / self.confirmed)

    @property
    def attendance(self):
        """The attendance cell: "75% (30 / 40)", or "—" without a rate."""
        rate = self.attendance_rate
        return "—" if rate is None else f"{rate}% ({self.arrived} / {self.confirmed})"


@dataclass(frozen=True)
class Breakdown:
    """A row of a breakdown table: a label and one count per summit, in order."""

    label: str
    counts: list


@dataclass(frozen=True)
class Table:
    """One table of the figures: a heading (none for the first), the label of
    its first column and its rows."""

    heading: str
    first: str
    rows: list


@dataclass(frozen=True)
class YearOnYear:
    editions: list
    organisation_types: list  # Breakdown rows
    districts: list
    commitments: list

    @property
    def tables(self):
        """The figures as the dashboard and the summit index show them."""
        editions = self.editions

        def row(label, value):
            return Breakdown(label, [value(e) for e in editions])

        headline = [
            row(_("Places booked"), lambda e: e.booked),
            row(_("Attendance (checked in of confirmed)"), lambda e: e.attendance),
            row(_("Organisations"), lambda e: len(e.organisations)),
            row(_("New organisations"), lambda e: e.new_organisations),
            row(_("Returning organisations"), lambda e: e.returning_organisations),
            row(_("Sessions"), lambda e: e.sessions),
            row(
                _("Feedback score (1 to 5)"),
                lambda e: "—" if e.feedback_score is None else e.feedback_score,
            ),
        ]
        return [
            Table(None, _("Figure"), headline),
            Table(
                _("Organisations by type"),
                _("Type of organisation"),
                self.organisation_types,
            ),
            Table(_("Organisations by area"), _("Area"), self.districts),
            Table(_("Sessions by commitment"), _("Commitment"), self.commitments),
        ]


def year_on_year_figures(summits=None):
    """The figures for `summits` (default every summit), oldest first."""
    summits = list(
        (summits if summits is not None else SummitPage.objects.all()).order_by("start")
    )
    editions = {summit.pk: Edition(summit=summit) for summit in summits}
    ids = list(editions)
    _count_places(editions, ids)
    _collect_organisations(editions, ids)
    commitments = _count_sessions(editions, ids)
    scores = FeedbackResponse.objects.filter(summit_id__in=ids).scores_by_summit()
    for edition in editions.values():
        edition.feedback_score = scores.get(edition.summit.pk)
    _mark_returning(editions.values())
    ordered = list(editions.values())
    return YearOnYear(
        editions=ordered,
        organisation_types=_breakdown(ordered, "by_type", OrganisationType),
        districts=_breakdown(ordered, "by_district", District),
        commitments=[
            Breakdown(
                commitment.name,
                [e.sessions_by_commitment.get(commitment.pk, 0) for e in ordered],
            )
            for commitment in commitments
        ],
    )


def _count_places(editions, ids):
    confirmed = Q(status=AttendeeStatus.CONFIRMED)
    rows = (
        Attendee.objects.filter(summit_id__in=ids)
        .order_by()
        .values("summit_id")
        .annotate(
            booked=Count(
                "pk",
                filter=Q(ticket_type__for_speakers=False)
                & Q(status__in=[AttendeeStatus.PENDING, AttendeeStatus.CONFIRMED]),
                distinct=True,
            ),
            confirmed=Count("pk", filter=confirmed, distinct=True),
            arrived=Count(
                "pk",
                filter=confirmed
                & Q(check_ins__isnull=False, check_ins__undone_at__isnull=True),
                distinct=True,
            ),
        )
    )
    for row in rows:
        edition = editions[row["summit_id"]]
        edition.booked = row["booked"]
        edition.confirmed = row["confirmed"]
        edition.arrived = row["arrived"]


def _collect_organisations(editions, ids):
    """Named live places' organisations (with the type and area people gave)."""
    rows = (
        Attendee.objects.live()
        .filter(summit_id__in=ids, email__gt="")
        .exclude(organisation="")
        .order_by()
        .values_list("summit_id", "organisation", "organisation_type", "district")
        .distinct()
    )
    for summit_id, name, kind, district in rows:
        key = normalise_organisation(name)
        if not key:
            continue
        edition = editions[summit_id]
        edition.organisations.add(key)
        edition.by_type[kind].add(key)
        edition.by_district[district].add(key)


def _mark_returning(editions):
    """New: not at any earlier summit; returning: at one before (oldest first)."""
    seen = set()
    for edition in editions:
        edition.returning_organisations = len(edition.organisations & seen)
        edition.new_organisations = len(edition.organisations - seen)
        seen |= edition.organisations


def _count_sessions(editions, ids):
    for row in (
        # The programme as it ran: a draft never given a time was not in it.
        Session.objects.scheduled()
        .filter(summit_id__in=ids)
        .order_by()
        .values("summit_id")
        .annotate(count=Count("pk"))
    ):
        editions[row["summit_id"]].sessions = row["count"]
    tagged = (
        Session.commitments.through.objects.filter(
            session__summit_id__in=ids, session__start__isnull=False
        )
        .order_by()
        .values("session__summit_id", "commitment_id")
        .annotate(count=Count("pk"))
    )
    used = set()
    for row in tagged:
        editions[row["session__summit_id"]].sessions_by_commitment[
            row["commitment_id"]
        ] = row["count"]
        used.add(row["commitment_id"])
    return list(Commitment.objects.filter(pk__in=used))


def _breakdown(editions, attribute, choices):
    """Distinct organisations per value of a choice, one count per summit;
    "Not given" last when anyone left it out."""
    rows = [
        Breakdown(
            str(label), [len(getattr(e, attribute).get(value, ())) for e in editions]
        )
        for value, label in [*choices.choices, ("", _("Not given"))]
    ]
    return [row for row in rows if any(row.counts)]
