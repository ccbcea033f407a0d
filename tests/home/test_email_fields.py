"""Every public form asking for an email address answers a mistyped one with an
example and an empty one with its own wording (`home.forms.email_field`)."""

import pytest

from events.booking.forms import BookerForm, FindTicketForm, WaitingListForm
from events.payments.forms import BillingForm


@pytest.mark.parametrize(
    ("form_class", "field", "required"),
    [
        (BookerForm, "booker_email", "Enter your email address."),
        (WaitingListForm, "email", "Enter your email address."),
        (FindTicketForm, "email", "Enter your email address."),
        (BillingForm, "email", "Enter the finance contact's email address."),
    ],
)
def test_a_mistyped_or_missing_address_says_what_to_do(form_class, field, required):
    mistyped = form_class(data={field: "name.example.org"})
    missing = form_class(data={field: ""})

    assert mistyped.errors[field] == ["Enter an email address like name@example.org."]
    assert missing.errors[field] == [required]
    widget = form_class().fields[field].widget
    assert widget.input_type == "email"
    assert widget.attrs["autocomplete"] == "email"
