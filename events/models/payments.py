"""How paid orders are paid: a card payment through Stripe Checkout (with its
refunds), or an invoice. Each row points at our order and holds the other side's
ids; only `events.payments` changes them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import CardPaymentStatus, InvoiceStatus, RefundStatus
from ..money import format_pence


class CardPayment(models.Model):
    """An order's Stripe Checkout Session: the hold on its places, the session and
    payment intent ids, and how much was paid and refunded (pence)."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    order = models.OneToOneField(
        "events.Order", on_delete=models.CASCADE, related_name="card_payment"
    )
    status = models.CharField(
        max_length=20,
        choices=CardPaymentStatus.choices,
        default=CardPaymentStatus.STARTING,
    )
    amount = models.PositiveIntegerField(_("amount (pence)"))
    amount_paid = models.PositiveIntegerField(_("paid (pence)"), default=0)
    amount_refunded = models.PositiveIntegerField(_("refunded (pence)"), default=0)
    hold_expires_at = models.DateTimeField(
        help_text=_("The places are released if Stripe hasn't confirmed by then.")
    )
    checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    checkout_url = models.TextField(blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("card payment")

    def __str__(self):
        return f"{self.order.reference}: {self.get_status_display()}"

    @property
    def refundable(self):
        """Pence that can still be refunded."""
        return max(self.amount_paid - self.amount_refunded, 0)

    @property
    def amount_text(self):
        return format_pence(self.amount)

    @property
    def amount_refunded_text(self):
        return format_pence(self.amount_refunded)


class Refund(models.Model):
    """Money given back on a card payment, for the whole order or one place.

    Created pending before Stripe is asked, so a refund Stripe never answered is
    retried (with the same idempotency key) by `manage.py stripe_reconcile`. A
    refund made outside this site (Stripe's dashboard) is a row too, created
    succeeded when we learn of it, so the rows always add up to what Stripe
    refunded."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    payment = models.ForeignKey(
        CardPayment, on_delete=models.CASCADE, related_name="refunds"
    )
    attendee = models.ForeignKey(
        "events.Attendee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="refunds",
    )
    amount = models.PositiveIntegerField(_("amount (pence)"))
    status = models.CharField(
        max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    stripe_refund_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    reason = models.CharField(max_length=300, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        permissions = [("issue_refund", "Can refund card payments")]

    def __str__(self):
        return f"{format_pence(self.amount)} ({self.get_status_display()})"

    @property
    def amount_text(self):
        return format_pence(self.amount)


class StripeEvent(models.Model):
    """A webhook event already handled: a re-delivery of it does nothing."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")

    def __str__(self):
        return f"{self.event_type} {self.event_id}"


class InvoiceSequence(models.Model):
    """The last invoice number given out; one row, locked to take the next."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return str(self.last_number)


class Invoice(models.Model):
    """A public body pays by invoice: its billing details and purchase order, and
    a number from one unbroken sequence. Amounts are pence and include VAT."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    order = models.OneToOneField(
        "events.Order", on_delete=models.CASCADE, related_name="invoice"
    )
    number = models.PositiveIntegerField(unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    billing_organisation = models.CharField(max_length=200)
    billing_address = models.TextField(max_length=1000)
    billing_contact = models.CharField(max_length=150)
    billing_email = models.EmailField()
    purchase_order = models.CharField(_("purchase order number"), max_length=100)
    amount = models.PositiveIntegerField(_("total (pence, with VAT)"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    issued_at = models.DateTimeField()
    due_on = models.DateField()
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("invoice")
        permissions = [("settle_invoice", "Can mark invoices paid or cancel them")]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self):
        return f"{settings.INVOICE_NUMBER_PREFIX}{self.number:05d}"

    @property
    def amount_text(self):
        return format_pence(self.amount)
