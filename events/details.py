"""What people tell us when they book: one person's details, and how emails are
compared. Plain data, so forms, services and emails can all share it."""

from dataclasses import dataclass, fields

# The details a place's holder gives, as stored on `Attendee`.
HOLDER_FIELDS = (
    "name",
    "email",
    "organisation",
    "organisation_type",
    "district",
    "job_title",
    "accessibility_needs",
    "dietary_requirements",
    "consent_attendee_list",
    "consent_updates",
)


def normalise_email(email):
    """Emails are compared and stored lower-case, so one person is one address."""
    return (email or "").strip().lower()


@dataclass(frozen=True)
class AttendeeDetails:
    """What a person tells us about themselves (or a booker about them)."""

    name: str
    email: str
    organisation: str = ""
    organisation_type: str = ""
    district: str = ""
    job_title: str = ""
    accessibility_needs: str = ""
    dietary_requirements: str = ""
    privacy_accepted: bool = False
    consent_attendee_list: bool = False
    consent_updates: bool = False

    @classmethod
    def from_data(cls, data):
        """From a dict such as a form's cleaned_data; other keys are ignored."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    @classmethod
    def of_holder(cls, attendee):
        """The details `attendee` holds now."""
        return cls(
            **{name: getattr(attendee, name) for name in HOLDER_FIELDS},
            privacy_accepted=attendee.privacy_accepted_at is not None,
        )

    def as_data(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}
