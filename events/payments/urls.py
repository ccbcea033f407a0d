"""The booker's invoice and receipt downloads, and Stripe's webhook."""

from django.urls import path

from . import views
from .webhooks import stripe_webhook

urlpatterns = [
    path(
        "accounts/bookings/<str:reference>/invoice/",
        views.booking_invoice,
        name="booking_invoice",
    ),
    path(
        "accounts/bookings/<str:reference>/receipt/",
        views.booking_receipt,
        name="booking_receipt",
    ),
    path(
        "bookings/<slug:token>/invoice/", views.invoice_by_link, name="invoice_by_link"
    ),
    path(
        "bookings/<slug:token>/receipt/", views.receipt_by_link, name="receipt_by_link"
    ),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]
