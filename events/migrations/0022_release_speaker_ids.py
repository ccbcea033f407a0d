"""Releases name their sessions' speakers by id only (the changes page shows each
speaker's current name, so an erased profile leaves none): releases published
before kept [id, name] pairs, which this turns into ids."""

from django.db import migrations


def _ids(entry):
    speakers = entry.get("speakers", [])
    entry["speakers"] = [s[0] if isinstance(s, list) else s for s in speakers]


def _pairs(entry, names):
    entry["speakers"] = [[pk, names.get(pk, "")] for pk in entry.get("speakers", [])]


def _each_entry(release):
    yield from release.sessions.values()
    for change in release.changes:
        yield change["before"]
        yield change["after"]


def forwards(apps, schema_editor):
    ProgrammeRelease = apps.get_model("events", "ProgrammeRelease")
    for release in ProgrammeRelease.objects.all():
        for entry in _each_entry(release):
            if entry:
                _ids(entry)
        release.save(update_fields=["sessions", "changes"])


def backwards(apps, schema_editor):
    ProgrammeRelease = apps.get_model("events", "ProgrammeRelease")
    Speaker = apps.get_model("speakers", "Speaker")
    names = dict(Speaker.objects.values_list("pk", "name"))
    for release in ProgrammeRelease.objects.all():
        for entry in _each_entry(release):
            if entry:
                _pairs(entry, names)
        release.save(update_fields=["sessions", "changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0021_feedback_ratings_kept"),
        ("speakers", "0004_self_service"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
