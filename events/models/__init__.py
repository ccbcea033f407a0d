from .agenda import AgendaItem
from .checkins import BadgeRun, BulkEmail, BulkEmailRecipient, CheckIn
from .feedback import (
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSurvey,
    SessionRating,
)
from .holds import PlaceHold
from .links import RetiredLink
from .orders import Attendee, Order, StatusChange
from .payments import CardPayment, Invoice, InvoiceSequence, Refund, StripeEvent
from .postcards import Postcard, PostcardLogEntry
from .questions import RegistrationAnswer, RegistrationQuestion
from .rooms import Room, Track
from .sessions import Session
from .summits import SummitIndexPage, SummitPage
from .tickets import AccessCode, TicketType
from .waiting_list import WaitingListEntry

__all__ = [
    "AgendaItem",
    "AccessCode",
    "Attendee",
    "BadgeRun",
    "BulkEmail",
    "BulkEmailRecipient",
    "CardPayment",
    "CheckIn",
    "FeedbackAnswer",
    "FeedbackInvitation",
    "FeedbackQuestion",
    "FeedbackResponse",
    "FeedbackSurvey",
    "Invoice",
    "InvoiceSequence",
    "Order",
    "PlaceHold",
    "Postcard",
    "PostcardLogEntry",
    "Refund",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "RetiredLink",
    "Room",
    "Session",
    "SessionRating",
    "StatusChange",
    "StripeEvent",
    "SummitIndexPage",
    "SummitPage",
    "TicketType",
    "Track",
    "WaitingListEntry",
]
