"""Summit pages and sessions, dated relative to now so tests never go stale."""

import datetime

import factory
from django.utils import timezone

from events.choices import SessionType
from events.models import Room, Session, SummitIndexPage, SummitPage, Track


def local_time(days, hour, minute=0):
    """`days` from today at `hour`:`minute`, UK time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


class SummitIndexPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummitIndexPage

    title = "Summit"
    slug = "summit"

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        return parent.add_child(instance=model_class(*args, **kwargs))


class SummitPageFactory(factory.django.DjangoModelFactory):
    """A one-day summit 30 days from now, 09:00 to 17:00 UK time."""

    class Meta:
        model = SummitPage

    class Params:
        days_ahead = 30

    title = factory.Sequence(lambda n: f"Test Summit {n}")
    slug = factory.Sequence(lambda n: f"test-summit-{n}")
    summary = "A day of talks and workshops."
    start = factory.LazyAttribute(lambda o: local_time(o.days_ahead, 9))
    end = factory.LazyAttribute(lambda o: local_time(o.days_ahead, 17))
    venue_name = "Example Conference Centre"
    venue_address = "1 Example Street\nPeterborough\nPE1 0ZZ"

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        return parent.add_child(instance=model_class(*args, **kwargs))


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    name = factory.Sequence(lambda n: f"Track {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    """A session at 10:00-10:45 on the summit's first day (pass `summit`)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    class Params:
        at = (10, 0)
        minutes = 45

    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    session_type = SessionType.BREAKOUT
    description = "What the session covers."
    start = factory.LazyAttribute(
        lambda o: timezone.localtime(o.summit.start).replace(
            hour=o.at[0], minute=o.at[1]
        )
    )
    end = factory.LazyAttribute(
        lambda o: o.start + datetime.timedelta(minutes=o.minutes)
    )

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)
            self.save()

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if create and extracted:
            self.commitments.set(extracted)
            self.save()
