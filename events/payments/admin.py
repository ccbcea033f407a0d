"""Payment pages in the Wagtail admin, reached from an order's inspect page:
refunding a card payment (whole order or one place, full or part) and settling an
invoice (mark paid, cancel, download). Event managers hold the permissions (see
migration 0006)."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..booking.rules import BookingError
from ..choices import CardPaymentStatus, InvoiceStatus
from ..models import Order
from ..money import format_pence
from ..pdf import pdf_response
from .documents import invoice_pdf
from .invoices import cancel_invoice, mark_invoice_paid
from .refunds import refund_payment

REFUND_PERMISSION = "events.issue_refund"
SETTLE_PERMISSION = "events.settle_invoice"
VIEW_INVOICE_PERMISSION = "events.view_invoice"


class RefundForm(forms.Form):
    WHOLE_ORDER = ""

    attendee = forms.ChoiceField(
        label=_("Refund"),
        required=False,
        help_text=_("The whole order, or one place."),
    )
    amount = forms.DecimalField(
        label=_("Amount (£)"),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        help_text=_(
            "Leave empty for the full amount: the place's price, or everything not "
            "yet refunded."
        ),
    )
    cancel = forms.BooleanField(
        label=_("Also cancel the place (or every place of the order)"),
        required=False,
        help_text=_("Holders are emailed and the places go to the waiting list."),
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {str(a.pk): a for a in order.attendees.all() if a.price}
        self.fields["attendee"].choices = [
            (self.WHOLE_ORDER, _("The whole order")),
            *(
                (pk, f"{a.reference} {a.display_name} ({format_pence(a.price)})")
                for pk, a in self.places.items()
            ),
        ]

    def refund_kwargs(self):
        data = self.cleaned_data
        amount = data["amount"]
        return {
            "attendee": self.places.get(data["attendee"]),
            "amount": None if amount is None else int(amount * 100),
            "cancel": data["cancel"],
        }


class _OrderPaymentView(WagtailAdminTemplateMixin):
    permission = None
    header_icon = "form"
    inspect_url_name = None

    def dispatch(self, request, pk):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.order = get_object_or_404(
            Order.objects.with_attendees().select_related("booker"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.order.reference

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.order, **kwargs)

    def back(self):
        return redirect(self.inspect_url_name, self.order.pk)


class RefundView(_OrderPaymentView, FormView):
    template_name = "events/admin/refund.html"
    page_title = _("Refund")
    permission = REFUND_PERMISSION
    form_class = RefundForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "order": self.order}

    def get_context_data(self, **kwargs):
        payment = getattr(self.order, "card_payment", None)
        return super().get_context_data(payment=payment, **kwargs)

    def form_valid(self, form):
        try:
            refund = refund_payment(
                order=self.order, by=self.request.user, **form.refund_kwargs()
            )
        except BookingError as refusal:  # PaymentError too.
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        if refund.status == "pending":
            messages.warning(
                self.request,
                _(
                    "Stripe didn't answer. The refund of %(amount)s is recorded and "
                    "stripe_reconcile will send it again."
                )
                % {"amount": refund.amount_text},
            )
        else:
            messages.success(
                self.request,
                _("%(amount)s refunded.") % {"amount": refund.amount_text},
            )
        return self.back()

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvoiceView(_OrderPaymentView, TemplateView):
    """The order's invoice: details, download, and Mark as paid / Cancel."""

    template_name = "events/admin/invoice.html"
    page_title = _("Invoice")
    permission = VIEW_INVOICE_PERMISSION

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invoice=self._invoice(),
            can_settle=self.request.user.has_perm(SETTLE_PERMISSION),
            **kwargs,
        )

    def _invoice(self):
        invoice = getattr(self.order, "invoice", None)
        if invoice is None:
            raise Http404("This order has no invoice.")
        return invoice

    def post(self, request, pk):
        if not request.user.has_perm(SETTLE_PERMISSION):
            raise PermissionDenied
        action = {"paid": mark_invoice_paid, "cancel": cancel_invoice}.get(
            request.POST.get("action")
        )
        if action is None:
            return HttpResponse(_("Choose Mark as paid or Cancel."), status=400)
        try:
            invoice = action(invoice=self._invoice(), by=request.user)
        except BookingError as refusal:  # PaymentError too.
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Invoice %(number)s: %(status)s.")
                % {
                    "number": invoice.display_number,
                    "status": invoice.get_status_display().lower(),
                },
            )
        return self.back()


class InvoicePdfView(InvoiceView):
    def get(self, request, pk):
        invoice = self._invoice()
        return pdf_response(invoice_pdf(invoice), str(invoice))


def payment_urls(viewset):
    """The order viewset's payment pages."""
    inspect = viewset.get_url_name("inspect")
    return [
        path(
            "refund/<id:pk>/",
            RefundView.as_view(inspect_url_name=inspect),
            name="refund",
        ),
        path(
            "invoice/<id:pk>/",
            InvoiceView.as_view(inspect_url_name=inspect),
            name="invoice",
        ),
        path(
            "invoice/<id:pk>/pdf/",
            InvoicePdfView.as_view(inspect_url_name=inspect),
            name="invoice_pdf",
        ),
    ]


def payment_buttons(order, user, viewset_url_name):
    """Header buttons for an order's inspect page."""
    buttons = []
    payment = getattr(order, "card_payment", None)
    if (
        payment is not None
        and payment.status == CardPaymentStatus.PAID
        and payment.refundable
        and user.has_perm(REFUND_PERMISSION)
    ):
        buttons.append(
            Button(
                _("Refund"),
                url=reverse(viewset_url_name("refund"), args=[order.pk]),
                icon_name="undo",
                priority=30,
            )
        )
    invoice = getattr(order, "invoice", None)
    if invoice is not None and user.has_perm(VIEW_INVOICE_PERMISSION):
        buttons.append(
            Button(
                _("Invoice: mark paid or cancel")
                if invoice.status == InvoiceStatus.ISSUED
                else _("Invoice"),
                url=reverse(viewset_url_name("invoice"), args=[order.pk]),
                icon_name="doc-full",
                priority=31,
            )
        )
    return buttons
