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
from .proposals import (
    CallForProposals,
    CallQuestion,
    CallSessionType,
    DecisionMessage,
    Proposal,
    ProposalSpeaker,
    ProposalStateChange,
    Review,
    ReviewCriterion,
    ReviewScore,
)
from .questions import RegistrationAnswer, RegistrationQuestion
from .releases import ProgrammeRelease
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
    "CallForProposals",
    "CallQuestion",
    "CallSessionType",
    "CardPayment",
    "CheckIn",
    "DecisionMessage",
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
    "ProgrammeRelease",
    "Proposal",
    "ProposalSpeaker",
    "ProposalStateChange",
    "Refund",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "RetiredLink",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
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
