from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from framework.choices import Colour


class Room(Orderable):
    """A room at the summit's venue; edited on the summit page, in running order."""

    summit = ParentalKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(max_length=100)
    directions = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For example 'First floor, lift from the foyer'."),
    )

    panels = [FieldPanel("name"), FieldPanel("directions")]

    class Meta(Orderable.Meta):
        verbose_name = _("room")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = (
            self.pk is not None
            and Room.objects.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            # Sessions' calendar events name their room: calendar apps only take
            # the new name when the SEQUENCE goes up.
            self.sessions.update(calendar_sequence=F("calendar_sequence") + 1)


class Track(Orderable):
    """A strand of the programme; the timetable shows one column per track."""

    summit = ParentalKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(max_length=100)
    colour = models.CharField(
        max_length=20, choices=Colour.choices, default=Colour.NAVY
    )

    panels = [FieldPanel("name"), FieldPanel("colour")]

    class Meta(Orderable.Meta):
        verbose_name = _("track")

    def __str__(self):
        return self.name
