from django.db import models


class CalendarSequenceMixin(models.Model):
    """Keeps the iCalendar SEQUENCE of something people put in their calendars.

    Calendar apps only replace an event they already hold when its SEQUENCE goes up,
    so saving a change to any of `calendar_fields` (time, place, title) bumps
    `calendar_sequence`. It is read back from the database rather than trusted from the
    instance: Wagtail publishes pages from revisions, which carry a stale copy.
    """

    #: Field attnames whose change calendar apps must pick up.
    calendar_fields = ()

    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        watched = [
            name
            for name in self.calendar_fields
            if update_fields is None or name in update_fields
        ]
        if self.pk and watched:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values("calendar_sequence", *watched)
                .first()
            )
            if stored is not None:
                changed = any(stored[name] != getattr(self, name) for name in watched)
                self.calendar_sequence = stored["calendar_sequence"] + changed
                if update_fields is not None and changed:
                    update_fields = {*update_fields, "calendar_sequence"}
        super().save(*args, update_fields=update_fields, **kwargs)
