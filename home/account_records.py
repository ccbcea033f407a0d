"""What the site itself holds about a person (home/personal_data.py): their
account, its email addresses and second factors, and the emails we sent them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SentEmail
from .personal_data import Erased, Holder, record
from .staff_mfa import is_staff_member

ERASED = "(erased)"


def _accounts(email):
    return get_user_model().objects.filter(email__iexact=email)


def find_accounts(email):
    accounts = _accounts(email).prefetch_related("emailaddress_set")
    return [
        record(
            account,
            ("email", "first_name", "last_name", "date_joined", "last_login"),
            **{
                _("Email addresses"): [
                    address.email for address in account.emailaddress_set.all()
                ],
                _("Two-step verification"): Authenticator.objects.filter(
                    user=account
                ).exists(),
            },
        )
        for account in accounts.order_by("pk")
    ]


def erase_accounts(email, *, now):
    kept, erased = [], 0
    for account in _accounts(email):
        if is_staff_member(account):
            kept.append(
                _("Staff accounts are closed by an administrator, not by erasure.")
            )
            continue
        EmailAddress.objects.filter(user=account).delete()
        Authenticator.objects.filter(user=account).delete()
        account.email = account.username = f"erased-{account.pk}@anonymised.invalid"
        account.first_name = account.last_name = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()
        erased += 1
    return Erased(erased, kept)


def _sent_emails(email):
    address = email.lower()
    return [
        sent
        for sent in SentEmail.objects.filter(recipients__icontains=address)
        if address in (part.strip().lower() for part in sent.recipients.split(","))
    ]


def find_sent_emails(email):
    return [
        # Only their own address: others the email went to are not theirs to see.
        record(sent, ("subject", "sent_at"), **{_("Sent to"): email.lower()})
        for sent in _sent_emails(email)
    ]


def erase_sent_emails(email, *, now):
    # The rows stay, keyed by what they were about, so nothing is sent twice.
    address = email.lower()
    sent_emails = _sent_emails(email)
    for sent in sent_emails:
        sent.recipients = ", ".join(
            ERASED if part.strip().lower() == address else part.strip()
            for part in sent.recipients.split(",")
        )
    SentEmail.objects.bulk_update(sent_emails, ["recipients"])
    return Erased(len(sent_emails))


HOLDERS = (
    Holder(
        "home.sentemail",
        gettext_lazy("Emails we sent you"),
        find_sent_emails,
        erase_sent_emails,
    ),
    Holder(
        "auth.user",
        gettext_lazy("Your account"),
        find_accounts,
        erase_accounts,
        order=1,
    ),
)
