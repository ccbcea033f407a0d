"""Next year's summit from this year's: `copy_summit` makes an unpublished copy of a
summit page with what an edition is set up with (its content, rooms, tracks,
ticket types, registration questions, email texts, feedback survey, call for
proposals and, if asked, the sessions that happen every year), every date moved
by the same number of days. People and what they did are never copied: no
orders, places, answers, waiting lists, check-ins, postcards, proposals, reviews,
speakers or access codes (docs/organising.md#next-years-summit).

The copy is a list of steps, `COPY_STEPS`, run in order in one transaction after
the page itself is copied. Each step is a function taking a `CopyContext` and
returning the (label, count) lines of what it copied for the success message; a
feature that gives a summit more set-up rows adds one step, using `copy_row` (or
`copy_with_children`) so its dates move too.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Page

from home.models import EmailText

from ..models import (
    CallForProposals,
    FeedbackSurvey,
    RegistrationQuestion,
    Room,
    Session,
    SummitPage,
    TicketType,
    Track,
)

#: About a year later on the same weekday: 52 weeks.
DEFAULT_OFFSET_DAYS = 364
#: Further ahead than this is taken for a typing mistake.
MAX_OFFSET_DAYS = 5 * 366
#: What the person creating the copy needs besides adding pages under the summit
#: index: the copy makes ticket types (so Editors, who may add pages, can't).
REQUIRED_PERMISSIONS = ("events.add_tickettype",)


class NextEditionError(ValidationError):
    """Why the copy can't be made, by form field (`title`, `slug`, `start`)."""


def can_create_next_edition(*, summit, user):
    """Whether `user` may create a summit beside `summit`: add a summit page under
    its parent, and set up ticket types (Event managers and superusers)."""
    parent = summit.get_parent()
    return (
        user.has_perms(REQUIRED_PERMISSIONS)
        and parent is not None
        and parent.permissions_for_user(user).can_add_subpage()
        and SummitPage.can_create_at(parent.specific)
    )


def default_start(summit):
    """The first day of next year's edition: the same weekday 52 weeks on."""
    return timezone.localdate(summit.start) + datetime.timedelta(
        days=DEFAULT_OFFSET_DAYS
    )


def new_start_problems(*, summit, new_start):
    """What is wrong with `new_start` (a date) as the copy's first day: it must be
    after `summit` ends and within five years. The one home of the rule; the form
    shows it early, the service enforces it."""
    first, last = summit.local_dates()
    if new_start <= last:
        return _(
            "Next year's summit must start after this one ends (%(day)s). Choose a "
            "later date."
        ) % {"day": last.strftime("%-d %B %Y")}
    if (new_start - first).days > MAX_OFFSET_DAYS:
        return _("Choose a start date within five years of this summit.")
    return ""


def slug_problems(*, summit, slug):
    """Whether `slug` is taken beside `summit` (Wagtail needs it unique there)."""
    if not Page._slug_is_available(slug, summit.get_parent()):
        return _(
            "Another page in the summit section already uses the web address "
            "'%(slug)s'. Choose a different one."
        ) % {"slug": slug}
    return ""


def shift_datetime(value, days):
    """`value` moved `days` days on, at the same UK wall-clock time (so a 09:00
    start stays 09:00 across a clock change)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value).replace(tzinfo=None)
        return timezone.make_aware(local + datetime.timedelta(days=days))
    return value + datetime.timedelta(days=days)


def _moved_fields(model, *, own_only=False):
    """The date and date-time fields a copy moves: not those the database stamps
    (`auto_now`, `auto_now_add`), and for a page only its own, not Wagtail's."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField)
        and not (f.auto_now or f.auto_now_add)
        and (not own_only or f.model is model)
    ]


def shift_dates(obj, days):
    """Move every date and date-time field of `obj` (unsaved) by `days` days."""
    for f in _moved_fields(type(obj)):
        setattr(obj, f.attname, shift_datetime(getattr(obj, f.attname), days))


def copy_row(obj, *, days, **changes):
    """Save a copy of model instance `obj` with its dates moved by `days` and
    `changes` applied (typically the new summit); many-to-many links are not
    copied (the caller sets those it wants)."""
    model = type(obj)
    clone = model(
        **{
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if not f.primary_key
        }
    )
    shift_dates(clone, days)
    for name, value in changes.items():
        setattr(clone, name, value)
    clone.save()
    return clone


@dataclass
class CopyContext:
    """What each step needs: the summit copied, its copy, the days dates move by,
    the choices made, and the copies made so far by earlier steps, by model
    (`copies[Room][old pk] = new room`)."""

    source: SummitPage
    copy: SummitPage
    days: int
    copy_recurring_sessions: bool
    user: object
    copies: dict = field(default_factory=dict)


def copy_rooms_and_tracks(context):
    """Rooms and tracks are the page's inline rows: Wagtail's page copy has made
    them; this pairs each with its original, in order."""
    lines = []
    for model, relation, label in (
        (Room, "rooms", gettext_lazy("rooms")),
        (Track, "tracks", gettext_lazy("tracks")),
    ):
        old = getattr(context.source, relation).order_by("sort_order", "pk")
        new = getattr(context.copy, relation).order_by("sort_order", "pk")
        context.copies[model] = {a.pk: b for a, b in zip(old, new, strict=True)}
        lines.append((str(label), len(context.copies[model])))
    return lines


def copy_recurring_sessions(context):
    """Sessions marked "happens every year", if asked: moved in time, in the copied
    rooms and tracks, with their commitments but without speakers (people are
    never copied; next year's are invited afresh). They show nowhere until the new
    summit is published."""
    context.copies[Session] = {}
    if not context.copy_recurring_sessions:
        return []
    rooms = context.copies.get(Room, {})
    tracks = context.copies.get(Track, {})
    # An unscheduled session is a proposal still waiting for its time, not a slot
    # that comes back every year.
    sessions = Session.objects.scheduled().filter(summit=context.source, recurring=True)
    for session in sessions.prefetch_related("commitments"):
        clone = copy_row(
            session,
            days=context.days,
            summit=context.copy,
            room=rooms.get(session.room_id),
            track=tracks.get(session.track_id),
            calendar_sequence=0,
        )
        clone.commitments.set(session.commitments.all())
        clone.save()  # a cluster model's many-to-many links are written on save
        context.copies[Session][session.pk] = clone
    return [(_("sessions that happen every year"), len(context.copies[Session]))]


def copy_ticket_types(context):
    """Ticket types with their prices, capacities and rules (sales window, refund
    deadline, limit per order, invoices, hidden behind a code), and the copied
    workshops they let people book."""
    sessions = context.copies.get(Session, {})
    ticket_types = TicketType.objects.filter(summit=context.source).prefetch_related(
        "workshops"
    )
    context.copies[TicketType] = {}
    for ticket_type in ticket_types.order_by("sort_order", "pk"):
        clone = copy_row(ticket_type, days=context.days, summit=context.copy)
        clone.workshops.set(
            [sessions[w.pk] for w in ticket_type.workshops.all() if w.pk in sessions]
        )
        context.copies[TicketType][ticket_type.pk] = clone
    return [(_("ticket types"), len(context.copies[TicketType]))]


def copy_registration_questions(context):
    """Registration questions are the page's inline rows, so Wagtail's page copy has
    made them, still asked of this year's ticket types: each now asks the copies of
    the types it asked (none ticked still asks everyone). Answers stay behind."""
    ticket_types = context.copies.get(TicketType, {})
    old = context.source.registration_questions.order_by("sort_order", "pk")
    new = context.copy.registration_questions.order_by("sort_order", "pk")
    pairs = list(
        zip(
            old.prefetch_related("ticket_types"),
            new.prefetch_related("ticket_types"),
            strict=True,
        )
    )
    for question, clone in pairs:
        clone.ticket_types.set(
            [
                ticket_types[t.pk]
                for t in question.ticket_types.all()
                if t.pk in ticket_types
            ]
        )
        clone.save()  # a cluster model's many-to-many links are written on save
    context.copies[RegistrationQuestion] = {a.pk: b for a, b in pairs}
    return [(_("registration questions"), len(pairs))]


def copy_email_texts(context):
    """The summit's own wording of its emails (`home.models.EmailText` rows whose
    page is the summit). The wording for all summits needs no copy."""
    texts = EmailText.objects.filter(page_id=context.source.pk).order_by("key")
    count = 0
    for text in texts:
        copy_row(text, days=context.days, page=context.copy)
        count += 1
    return [(_("email texts"), count)]


def copy_with_children(obj, *, days, relations, **changes):
    """`copy_row` for a cluster model (a survey, a call) with its inline rows:
    each of `relations` (child relation names) is copied under the copy, dates
    moved too. Returns the copy and how many inline rows were copied."""
    clone = copy_row(obj, days=days, **changes)
    count = 0
    for relation in relations:
        parental_key = obj._meta.get_field(relation).field.name
        for child in getattr(obj, relation).all():
            copy_row(child, days=days, **{parental_key: clone})
            count += 1
    return clone, count


def copy_feedback_survey(context):
    """The summit's own feedback survey, if it has one (intro, session ratings,
    how long it stays open, its questions); never the invitations or answers."""
    survey = FeedbackSurvey.objects.filter(summit=context.source).first()
    if survey is None:
        return []
    _survey, questions = copy_with_children(
        survey, days=context.days, relations=["questions"], summit=context.copy
    )
    return [(_("feedback survey questions"), questions)]


def copy_call_for_proposals(context):
    """The call for proposals' settings, if the summit has one: its text, opening
    and closing moved by the offset, session types, questions and review
    criteria; never proposals, co-speakers or reviews."""
    call = CallForProposals.objects.filter(summit=context.source).first()
    if call is None:
        return []
    copy_with_children(
        call,
        days=context.days,
        relations=["session_types", "questions", "criteria"],
        summit=context.copy,
    )
    return [(_("call for proposals"), 1)]


#: Run in this order after the page is copied; a step may use the copies of the
#: steps before it (sessions use rooms and tracks; ticket types use sessions;
#: registration questions use ticket types).
COPY_STEPS = [
    copy_rooms_and_tracks,
    copy_recurring_sessions,
    copy_ticket_types,
    copy_registration_questions,
    copy_email_texts,
    copy_feedback_survey,
    copy_call_for_proposals,
]


@dataclass(frozen=True)
class NextEdition:
    page: SummitPage
    copied: list  # (label, count), for the success message


def copy_summit(
    *,
    summit,
    title,
    slug,
    user,
    offset_days=None,
    new_start=None,
    copy_recurring_sessions=False,
):
    """Create next year's edition of `summit` beside it, as an unpublished draft
    owned by `user`, with every date moved by `offset_days` (or to start on
    `new_start`, a date; by default 52 weeks on). The page's content is copied with
    its rooms and tracks, then each of `COPY_STEPS` runs. All or nothing, in one
    transaction. Raises `NextEditionError` for a taken slug or a start date that
    isn't after this summit; the caller checks `can_create_next_edition` first."""
    if new_start is not None:
        offset_days = (new_start - timezone.localdate(summit.start)).days
    if offset_days is None:
        offset_days = DEFAULT_OFFSET_DAYS
    first = timezone.localdate(summit.start)
    if problem := new_start_problems(
        summit=summit, new_start=first + datetime.timedelta(days=offset_days)
    ):
        raise NextEditionError({"start": problem})
    with transaction.atomic():
        # Two people copying at once can't both take the slug.
        parent = Page.objects.select_for_update().get(pk=summit.get_parent().pk)
        if problem := slug_problems(summit=summit, slug=slug):
            raise NextEditionError({"slug": problem})
        summit = SummitPage.objects.get(pk=summit.pk)
        moved = {
            f.attname: shift_datetime(getattr(summit, f.attname), offset_days)
            for f in _moved_fields(SummitPage, own_only=True)
        }
        copy = CopyPageAction(
            summit,
            to=parent,
            update_attrs={
                "title": title,
                "draft_title": title,
                "slug": slug,
                "seo_title": "",
                "go_live_at": None,
                "expire_at": None,
                "calendar_sequence": 0,
                **moved,
            },
            recursive=False,
            copy_revisions=False,
            keep_live=False,
            user=user,
            process_child_object=_move_child_dates(offset_days),
        ).execute(skip_permission_checks=True)
        context = CopyContext(
            source=summit,
            copy=copy.specific,
            days=offset_days,
            copy_recurring_sessions=copy_recurring_sessions,
            user=user,
        )
        copied = [line for step in COPY_STEPS for line in step(context)]
        page = _refresh_latest_revision(context.copy)
    return NextEdition(page=page, copied=copied)


def _refresh_latest_revision(copy):
    """The editor opens the page's latest revision, which Wagtail's copy wrote
    before the steps ran (its questions still asked this year's ticket types):
    write the copy as it now is into that revision. Returns the copy, fresh."""
    page = SummitPage.objects.select_related("latest_revision").get(pk=copy.pk)
    revision = page.latest_revision
    if revision is not None:
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])
    return page


def _move_child_dates(days):
    """Wagtail's hook on each inline row it copies with the page: move its dates."""

    def process(source, copy, relation, child):
        shift_dates(child, days)

    return process
