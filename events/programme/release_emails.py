"""The emails telling each person what a programme release changed for them
(docs/programme.md#releases-and-changes)."""

from home import email_texts
from home.emails import send_templated_email_once
from home.links import absolute_url
from speakers.models import Speaker

from ..details import normalise_email
from ..models import AgendaItem, Attendee
from .changelog import describe, speaker_names
from .email_texts import PROGRAMME_CHANGED


def affected_people(release):
    """{address: {"name": ..., "sessions": {session id, ...}}} for the release's
    changes: each speaker of a changed session (before or after), and each holder
    of a live place who booked it as a workshop or starred it (for a session
    deleted since, who had, as `releases.keep_audience` noted)."""
    people = {}

    def add(email, name, session_id):
        if not email:
            return
        person = people.setdefault(
            normalise_email(email), {"name": name, "sessions": set()}
        )
        person["name"] = person["name"] or name
        person["sessions"].add(session_id)

    changed = {change["session"]: change for change in release.changes}
    speaker_sessions = {}
    for session_id, change in changed.items():
        for entry in (change["before"], change["after"]):
            for speaker_id in (entry or {}).get("speakers", []):
                speaker_sessions.setdefault(speaker_id, set()).add(session_id)
    for speaker in Speaker.objects.filter(pk__in=speaker_sessions).exclude(email=""):
        for session_id in speaker_sessions[speaker.pk]:
            add(speaker.email, speaker.name, session_id)
    for attendee in (
        Attendee.objects.live()
        .filter(summit_id=release.summit_id, workshops__in=changed)
        .prefetch_related("workshops")
        .distinct()
    ):
        for session in attendee.workshops.all():
            if session.pk in changed:
                add(attendee.email, attendee.name, session.pk)
    # A session deleted since the release before: the places noted then.
    noted = {}
    for session_id, change in changed.items():
        for attendee_id in (change["before"] or {}).get("audience", []):
            noted.setdefault(attendee_id, set()).add(session_id)
    if noted:
        for attendee in Attendee.objects.live().filter(pk__in=noted):
            for session_id in noted[attendee.pk]:
                add(attendee.email, attendee.name, session_id)
    for item in AgendaItem.objects.filter(
        session_id__in=changed,
        attendee__in=Attendee.objects.live().filter(summit_id=release.summit_id),
    ).select_related("attendee"):
        add(item.attendee.email, item.attendee.name, item.session_id)
    return people


def send_release_emails(release):
    """One email per affected person, listing only their changes (each sent once:
    `programme-release:<release pk>:<address>`). Returns how many were sent."""
    summit = release.summit
    changed = {change["session"]: change for change in release.changes}
    names = speaker_names(release.changes)
    sent = 0
    for email, person in sorted(affected_people(release).items()):
        changes = [
            {"title": changed[pk]["title"], "lines": describe(changed[pk], names)}
            for pk in sorted(
                person["sessions"],
                key=lambda pk: release.changes.index(changed[pk]),
            )
        ]
        message = send_templated_email_once(
            key=f"programme-release:{release.pk}:{email}",
            template="events/programme/emails/changes",
            context={
                "summit": summit,
                "changes": changes,
                "changes_url": absolute_url(release.get_absolute_url()),
            },
            to=[email],
            text=email_texts.Request(
                key=PROGRAMME_CHANGED,
                page_id=summit.pk,
                values={
                    "name": person["name"],
                    "summit": summit.title,
                    "dates": summit.date_range_text,
                },
            ),
        )
        sent += message is not None
    return sent
