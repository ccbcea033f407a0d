"""The scheduled sending of feedback surveys (`manage.py send_feedback_surveys`):
services make the links, emails send them."""

import logging

from django.utils import timezone

from . import emails, services

logger = logging.getLogger(__name__)


def send_feedback_surveys(now=None):
    """For every summit whose survey is open now (from 08:00 UK time the day after
    it ends until it closes), make a link for each new recipient and email every
    link not yet emailed. Idempotent: run it hourly. Returns (links made, emails
    sent, emails failed)."""
    now = now or timezone.now()
    made = sent = failed = 0
    for survey in services.due_surveys(now):
        made += services.invite_attendees(summit=survey.summit, now=now)
        for invitation in services.invitations_to_email(survey.summit):
            try:
                emails.send_survey(invitation, survey)
            except Exception:
                # The link stays unemailed, so the next run tries again.
                logger.exception("Feedback survey email %s failed", invitation.pk)
                failed += 1
                continue
            services.mark_emailed(invitation=invitation, now=now)
            sent += 1
    return made, sent, failed
