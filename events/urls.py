"""Registration pages outside the page tree (booking itself is under each summit
page: see `SummitPage`). Tokens are the secret part of each address."""

from django.urls import path

from . import checkin_views, views
from .payments import views as payment_views
from .payments.webhooks import stripe_webhook

app_name = "events"

urlpatterns = [
    path("tickets/find/", views.find_ticket, name="find_ticket"),
    path("tickets/claim/<slug:token>/", views.claim_place, name="claim_place"),
    path("tickets/<slug:token>/", views.ticket, name="ticket"),
    path(
        "tickets/<slug:token>/calendar/", views.ticket_calendar, name="ticket_calendar"
    ),
    path("tickets/<slug:token>/edit/", views.edit_ticket, name="edit_ticket"),
    path(
        "tickets/<slug:token>/transfer/", views.transfer_ticket, name="transfer_ticket"
    ),
    path("tickets/<slug:token>/cancel/", views.cancel_ticket, name="cancel_ticket"),
    path(
        "tickets/feed/<slug:token>/",
        views.attendee_calendar_feed,
        name="attendee_calendar_feed",
    ),
    path(
        "tickets/waiting-list/<slug:token>/",
        views.waiting_list_entry,
        name="waiting_list_entry",
    ),
    path("checkin/", checkin_views.choose_summit, name="checkin_choose"),
    path("checkin/sw.js", checkin_views.service_worker, name="checkin_sw"),
    path("checkin/<int:summit_id>/", checkin_views.door, name="checkin"),
    path(
        "checkin/<int:summit_id>/check-in/",
        checkin_views.check_in_api,
        name="checkin_api",
    ),
    path("checkin/<int:summit_id>/undo/", checkin_views.undo_api, name="checkin_undo"),
    path("checkin/<int:summit_id>/sync/", checkin_views.sync_api, name="checkin_sync"),
    path(
        "checkin/<int:summit_id>/tickets/",
        checkin_views.tickets_api,
        name="checkin_tickets",
    ),
    path("accounts/bookings/", views.my_bookings, name="my_bookings"),
    path(
        "accounts/bookings/<str:reference>/",
        views.booking_detail,
        name="booking_detail",
    ),
    path(
        "accounts/bookings/<str:reference>/cancel/",
        views.cancel_booking,
        name="cancel_booking",
    ),
    path(
        "accounts/bookings/<str:reference>/invoice/",
        payment_views.booking_invoice,
        name="booking_invoice",
    ),
    path(
        "accounts/bookings/<str:reference>/receipt/",
        payment_views.booking_receipt,
        name="booking_receipt",
    ),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]
