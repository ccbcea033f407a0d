"""What a programme release holds and how it differs from the one before
(docs/programme.md#releases-and-changes): the snapshot of a summit's scheduled
sessions, the changelog between two snapshots, and its description in UK time.

A snapshot keeps its speakers by id only: a description names them as their
profiles do now, so a profile taken down (a speaker's data erased) leaves no name
behind on the public changes page or in an email."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speakers.models import Speaker

from ..models import ProgrammeRelease, Session

# The kinds of change, in the order a change lists them.
ADDED = "added"
CANCELLED = "cancelled"
MOVED = "moved"
RETITLED = "retitled"
SPEAKERS = "speakers"
KIND_LABELS = {
    ADDED: gettext_lazy("Added"),
    CANCELLED: gettext_lazy("Cancelled"),
    MOVED: gettext_lazy("Moved"),
    RETITLED: gettext_lazy("Retitled"),
    SPEAKERS: gettext_lazy("Speakers changed"),
}


def snapshot(summit):
    """The summit's scheduled sessions as a release keeps them."""
    sessions = (
        Session.objects.scheduled()
        .filter(summit=summit)
        .select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.order_by("name"))
        )
    )
    return {
        str(session.pk): {
            "title": session.title,
            "slug": session.slug,
            "start": session.start.isoformat(),
            "end": session.end.isoformat(),
            "room": session.room.name if session.room else "",
            "speakers": [speaker.pk for speaker in session.speakers.all()],
        }
        for session in sessions
    }


def changelog(before, after):
    """What changed from snapshot `before` to `after`, one entry a session, in
    the order of the sessions' times."""
    changes = []
    for key in sorted(set(before) | set(after), key=int):
        old, new = before.get(key), after.get(key)
        kinds = []
        if old is None:
            kinds.append(ADDED)
        elif new is None:
            kinds.append(CANCELLED)
        else:
            if (old["start"], old["end"], old["room"]) != (
                new["start"],
                new["end"],
                new["room"],
            ):
                kinds.append(MOVED)
            if old["title"] != new["title"]:
                kinds.append(RETITLED)
            if old["speakers"] != new["speakers"]:
                kinds.append(SPEAKERS)
        if kinds:
            latest = new or old
            changes.append(
                {
                    "session": int(key),
                    "title": latest["title"],
                    "slug": latest["slug"],
                    "kinds": kinds,
                    "before": old,
                    "after": new,
                }
            )
    changes.sort(key=lambda c: ((c["after"] or c["before"])["start"], c["session"]))
    return changes


# Describing changes ------------------------------------------------------------


def _when(entry):
    start = timezone.localtime(datetime.fromisoformat(entry["start"]))
    end = timezone.localtime(datetime.fromisoformat(entry["end"]))
    text = f"{date_format(start, 'l j F')}, {date_format(start, 'H:i')} to {date_format(end, 'H:i')}"
    if entry["room"]:
        text = f"{text}, {entry['room']}"
    return text


def speaker_names(changes):
    """{speaker id: current name} for the speakers `changes` mention (one query,
    none when they mention no speaker)."""
    ids = {
        speaker_id
        for change in changes
        if SPEAKERS in change["kinds"]
        for entry in (change["before"], change["after"])
        for speaker_id in entry["speakers"]
    }
    if not ids:
        return {}
    return dict(Speaker.objects.filter(pk__in=ids).values_list("pk", "name"))


def _names(entry, names):
    listed = [names.get(pk) or _("a former speaker") for pk in entry["speakers"]]
    return ", ".join(listed) or _("no speakers")


def describe(change, names):
    """The lines saying what `change` did, in UK time; `names` is
    `speaker_names` of the changes described."""
    before, after = change["before"], change["after"]
    lines = []
    for kind in change["kinds"]:
        if kind == ADDED:
            lines.append(_("Added: %(when)s") % {"when": _when(after)})
        elif kind == CANCELLED:
            lines.append(_("Cancelled (was %(when)s)") % {"when": _when(before)})
        elif kind == MOVED:
            lines.append(
                _("Moved: now %(when)s (was %(was)s)")
                % {"when": _when(after), "was": _when(before)}
            )
        elif kind == RETITLED:
            lines.append(_("Retitled: was “%(title)s”") % {"title": before["title"]})
        elif kind == SPEAKERS:
            lines.append(
                _("Speakers: now %(now)s (was %(was)s)")
                % {"now": _names(after, names), "was": _names(before, names)}
            )
    return lines


@dataclass
class ReleaseEntry:
    release: ProgrammeRelease
    changes: list = field(default_factory=list)


def release_entries(summit):
    """The summit's releases, newest first, with their changes described (one
    query, and one more for the speakers' names when a change names any)."""
    releases = list(summit.releases.order_by("-number"))
    names = speaker_names([c for release in releases for c in release.changes])
    return [
        ReleaseEntry(
            release=release,
            changes=[
                {
                    **change,
                    "lines": describe(change, names),
                    "labels": [KIND_LABELS[kind] for kind in change["kinds"]],
                }
                for change in release.changes
            ],
        )
        for release in releases
    ]
