"""Summit pages, sessions and registration, dated relative to now so tests never go
stale."""

import datetime

import factory
from django.utils import timezone

from events.choices import AttendeeStatus, OrderStatus, SessionType
from events.models import (
    AccessCode,
    Attendee,
    Order,
    Room,
    Session,
    SummitIndexPage,
    SummitPage,
    TicketType,
    Track,
    WaitingListEntry,
)


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


def open_registration(summit, *, days_ago=7):
    """Open `summit`'s registration from `days_ago` days ago until it starts."""
    summit.registration_opens_at = timezone.now() - datetime.timedelta(days=days_ago)
    summit.registration_closes_at = None
    summit.save(update_fields=["registration_opens_at", "registration_closes_at"])
    return summit


class TicketTypeFactory(factory.django.DjangoModelFactory):
    """A free ticket type with 100 places (pass `summit`)."""

    class Meta:
        model = TicketType
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Delegate place {n}")
    description = "A place at the summit."
    capacity = 100
    price = 0

    @factory.post_generation
    def workshops(self, create, extracted, **kwargs):
        if create and extracted:
            self.workshops.set(extracted)


class AccessCodeFactory(factory.django.DjangoModelFactory):
    """A code making places free (pass `summit`; `ticket_types` to restrict it)."""

    class Meta:
        model = AccessCode
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CODE-{n:04d}")
    makes_free = True

    @factory.post_generation
    def ticket_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.ticket_types.set(extracted)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    summit = factory.LazyAttribute(lambda o: o.factory_parent.ticket_type.summit)
    reference = factory.Sequence(lambda n: f"SA99-{n:04d}")
    status = OrderStatus.CONFIRMED


class AttendeeFactory(factory.django.DjangoModelFactory):
    """A confirmed, named place (pass `ticket_type`; `order` and `booker` optional)."""

    class Meta:
        model = Attendee
        exclude = ["booker"]

    booker = None
    order = factory.SubFactory(
        OrderFactory,
        summit=factory.SelfAttribute("..ticket_type.summit"),
        booker=factory.SelfAttribute("..booker"),
    )
    number = factory.Sequence(lambda n: n + 1)
    summit = factory.SelfAttribute("ticket_type.summit")
    status = AttendeeStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    organisation = "Example Council"
    privacy_accepted_at = factory.LazyFunction(timezone.now)


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    name = factory.Sequence(lambda n: f"Waiting Person {n}")
    email = factory.Sequence(lambda n: f"waiting{n}@example.org")


def attendee_details(name="Ada Example", email="ada@example.org", **fields):
    """AttendeeDetails for services, privacy notice agreed."""
    from events.details import AttendeeDetails

    return AttendeeDetails(name=name, email=email, privacy_accepted=True, **fields)
