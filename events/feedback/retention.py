"""How long feedback stays linked to the people who gave it (docs/privacy.md).

Answers are kept (the year-on-year figures need them), but when a summit's places
are anonymised (`policy.attendee_months` after it ended, `events.retention`) the
survey links are cut from the places and nobody's name shows with a comment any
more. Registered from `EventsConfig.ready()`; the rule opens its own transaction
and returns how many links it cut (with `dry_run`, would cut).
"""

from django.db import transaction

from home.retention_registry import months_before, register_rule

from ..models import FeedbackInvitation, FeedbackResponse


def anonymise_feedback(invitations):
    """Cut `invitations` from their places and withdraw any agreement to show a
    name; the answers stay. Returns how many were still linked."""
    linked = invitations.filter(attendee__isnull=False)
    FeedbackResponse.objects.filter(invitation__in=linked, show_name=True).update(
        show_name=False
    )
    return linked.update(attendee=None)


def anonymise_feedback_after_summit(*, policy, now, dry_run=False):
    """Anonymise the feedback of summits that ended more than
    `policy.attendee_months` ago, when their places are anonymised."""
    cutoff = months_before(now, policy.attendee_months)
    invitations = FeedbackInvitation.objects.filter(summit__end__lt=cutoff)
    with transaction.atomic():
        if dry_run:
            return invitations.filter(attendee__isnull=False).count()
        return anonymise_feedback(invitations)


def register_rules():
    register_rule(
        "events.feedback",
        anonymise_feedback_after_summit,
        description="Feedback answers, unlinked from the people who gave them",
    )
