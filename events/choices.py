from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionType(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    BREAKOUT = "breakout", _("Breakout")
    NETWORKING = "networking", _("Networking")


class SummitStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    PAST = "past", _("Past")


class AccessFeature(models.TextChoices):
    """A session's access provision; each value names a boolean field on `Session`."""

    BSL_INTERPRETATION = "bsl_interpretation", _("British Sign Language interpretation")
    LIVE_CAPTIONS = "live_captions", _("Live captions")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    STEP_FREE = "step_free", _("Step-free access")


class OrderStatus(models.TextChoices):
    """An order's state. Booked without an account, an order is unconfirmed (its
    places held) until the booker follows the link emailed to them; a card order is
    pending (its places held) until Stripe confirms the payment. Either expires if
    that never happens. An invoice order is awaiting payment, with its tickets
    issued, until staff mark the invoice paid."""

    UNCONFIRMED = "unconfirmed", _("Awaiting the booker's confirmation")
    PENDING = "pending", _("Pending")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    EXPIRED = "expired", _("Not completed")
    CANCELLED = "cancelled", _("Cancelled")


class BookingOutcome(models.TextChoices):
    """What a booker is told when the booking steps end (`Order.outcome`); each has
    its own page body, `templates/events/booking/outcomes/<value>.html`."""

    CHECK_EMAIL = "check_email", _("Check your email")
    PROCESSING = "processing", _("Payment processing")
    REFUNDED = "refunded", _("Payment refunded")
    NOT_COMPLETED = "not_completed", _("Payment not completed")
    CANCELLED = "cancelled", _("Booking cancelled")
    CONFIRMED = "confirmed", _("Booking confirmed")


class AttendeeStatus(models.TextChoices):
    """A place's state. Pending places are held (they count against capacity) while
    their order waits for something, such as a payment."""

    PENDING = "pending", _("Held")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


#: Places that exist: they use up capacity and block a second ticket for the email.
LIVE_ATTENDEE_STATUSES = (AttendeeStatus.PENDING, AttendeeStatus.CONFIRMED)


class WaitingListStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Place offered")
    CLAIMED = "claimed", _("Place claimed")
    EXPIRED = "expired", _("Offer expired")
    LEFT = "left", _("Left the list")


#: Entries still in the queue: one per email and ticket type.
ACTIVE_WAITING_LIST_STATUSES = (WaitingListStatus.WAITING, WaitingListStatus.OFFERED)


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    INVOICE = "invoice", _("Invoice")


class CardPaymentStatus(models.TextChoices):
    """Where a Checkout Session stands, as we last read it from Stripe."""

    STARTING = "starting", _("Starting")
    OPEN = "open", _("Waiting for the booker")
    PROCESSING = "processing", _("Payment processing")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    EXPIRED = "expired", _("Expired")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class CheckInSource(models.TextChoices):
    SCAN = "scan", _("QR scan")
    REFERENCE = "reference", _("Reference typed")
    SEARCH = "search", _("Name search")
    OFFLINE = "offline", _("Synced from a device")


class BadgeLayout(models.TextChoices):
    A6 = "a6", _("A6, one badge a page")
    LABELS = "labels", _("A4 label sheet, 8 a page")


class RunStatus(models.TextChoices):
    """A background job's progress (badge runs, emails to attendees)."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RetiredLinkReason(models.TextChoices):
    """Why a secret link stopped working (`RetiredLink`)."""

    CLAIMED = "claimed", _("The place was claimed")
    TRANSFERRED = "transferred", _("The ticket was passed on")


class PostcardStatus(models.TextChoices):
    """Where an ambition postcard stands (docs/postcards.md)."""

    HELD = "held", _("Awaiting approval")
    PUBLISHED = "published", _("On the wall")
    REJECTED = "rejected", _("Rejected")
    TAKEN_DOWN = "taken-down", _("Taken down")


class PostcardAction(models.TextChoices):
    WRITTEN = "written", _("Written")
    HELD = "held", _("Held for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    TAKEN_DOWN = "taken-down", _("Taken down")


class QuestionKind(models.TextChoices):
    """What kind of answer a registration question takes (`RegistrationQuestion`)."""

    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice from a list")
    MULTIPLE_CHOICE = "multiple_choice", _("Any choices from a list")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Whole number")
    DATE = "date", _("Date")
    CONSENT = "consent", _("Consent (a box to tick)")


# The kinds whose answers come from a fixed list, counted on the dashboard.
COUNTED_QUESTION_KINDS = (
    QuestionKind.CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.YES_NO,
)


class FeedbackQuestionKind(models.TextChoices):
    """What an editor-added question of a feedback survey asks for."""

    SCORE = "score", _("A score from 1 to 5")
    TEXT = "text", _("Text")
    YES_NO = "yes_no", _("Yes or no")


class ComeAgain(models.TextChoices):
    """The feedback survey's "would you come again?" (docs/feedback.md)."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


class ProposalStatus(models.TextChoices):
    """A proposal's state (`events.proposals.services` moves it). Phase one moves a
    proposal from draft to submitted or withdrawn; the decision states are for the
    review's outcome."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    CONFIRMED = "confirmed", _("Confirmed by the speakers")
    DECLINED = "declined", _("Declined by the speakers")


#: States reviewers see: everything sent in, never a draft or a withdrawn proposal.
REVIEWABLE_PROPOSAL_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.ACCEPTED,
    ProposalStatus.REJECTED,
    ProposalStatus.WAITLISTED,
    ProposalStatus.CONFIRMED,
    ProposalStatus.DECLINED,
)


class CallQuestionKind(models.TextChoices):
    """What kind of answer an extra question of a call for proposals takes."""

    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")


class CoSpeakerStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
