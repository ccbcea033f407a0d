"""Booking addresses: the steps under each summit page (`/summit/<slug>/book/...`),
ticket pages at secret addresses (the token is the only key) and My bookings."""

from django.urls import path

from ..models import SummitIndexPage
from . import account_views, ticket_views, views

book = f"{SummitIndexPage.section_slug}/<slug:summit_slug>/book/"

urlpatterns = [
    path(book, views.choose_tickets, name="book"),
    path(f"{book}details/", views.attendee_details, name="book_details"),
    path(f"{book}review/", views.review_booking, name="book_review"),
    path(f"{book}invoice/", views.invoice_details, name="book_invoice"),
    path(f"{book}done/<str:reference>/", views.booking_done, name="book_done"),
    path(
        f"{book}waiting-list/<id:ticket_type_id>/",
        views.join_waiting_list,
        name="join_waiting_list",
    ),
    path("tickets/find/", ticket_views.find_ticket, name="find_ticket"),
    path("tickets/claim/<slug:token>/", ticket_views.claim_place, name="claim_place"),
    path("tickets/<slug:token>/", ticket_views.ticket, name="ticket"),
    path(
        "tickets/<slug:token>/calendar/",
        ticket_views.ticket_calendar,
        name="ticket_calendar",
    ),
    path(
        "tickets/<slug:token>/agenda/", ticket_views.ticket_agenda, name="ticket_agenda"
    ),
    path("tickets/<slug:token>/edit/", ticket_views.edit_ticket, name="edit_ticket"),
    path(
        "tickets/<slug:token>/transfer/",
        ticket_views.transfer_ticket,
        name="transfer_ticket",
    ),
    path(
        "tickets/<slug:token>/cancel/", ticket_views.cancel_ticket, name="cancel_ticket"
    ),
    path(
        "tickets/feed/<slug:token>/",
        ticket_views.attendee_calendar_feed,
        name="attendee_calendar_feed",
    ),
    path(
        "tickets/waiting-list/<slug:token>/",
        ticket_views.waiting_list_entry,
        name="waiting_list_entry",
    ),
    path("bookings/<slug:token>/", account_views.manage_booking, name="manage_booking"),
    path(
        "bookings/<slug:token>/cancel/",
        account_views.cancel_booking_by_link,
        name="cancel_booking_by_link",
    ),
    path("accounts/bookings/", account_views.my_bookings, name="my_bookings"),
    path(
        "accounts/bookings/<str:reference>/",
        account_views.booking_detail,
        name="booking_detail",
    ),
    path(
        "accounts/bookings/<str:reference>/cancel/",
        account_views.cancel_booking,
        name="cancel_booking",
    ),
]
