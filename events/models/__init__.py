from .checkins import BadgeRun, BulkEmail, CheckIn
from .holds import PlaceHold
from .links import RetiredLink
from .orders import Attendee, Order, StatusChange
from .payments import CardPayment, Invoice, InvoiceSequence, Refund, StripeEvent
from .postcards import Postcard, PostcardLogEntry
from .proposals import (
    CallForProposals,
    CallQuestion,
    CallSessionType,
    Proposal,
    ProposalSpeaker,
    ProposalStateChange,
    Review,
    ReviewCriterion,
    ReviewScore,
)
from .rooms import Room, Track
from .sessions import Session
from .summits import SummitIndexPage, SummitPage
from .tickets import AccessCode, TicketType
from .waiting_list import WaitingListEntry

__all__ = [
    "AccessCode",
    "Attendee",
    "BadgeRun",
    "BulkEmail",
    "CallForProposals",
    "CallQuestion",
    "CallSessionType",
    "CardPayment",
    "CheckIn",
    "Invoice",
    "InvoiceSequence",
    "Order",
    "PlaceHold",
    "Postcard",
    "PostcardLogEntry",
    "Proposal",
    "ProposalSpeaker",
    "ProposalStateChange",
    "Refund",
    "RetiredLink",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "Session",
    "StatusChange",
    "StripeEvent",
    "SummitIndexPage",
    "SummitPage",
    "TicketType",
    "Track",
    "WaitingListEntry",
]
