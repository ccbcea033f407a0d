"""Money is integer pence in GBP. These turn it into words and work out the VAT
inside a price; nothing else in the project formats or divides money."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def format_pence(pence):
    """A price for people: "Free", "£95" or "£12.50"."""
    if not pence:
        return str(_("Free"))
    return format_amount(pence)


def format_amount(pence):
    """An amount of money, where nothing is "£0" rather than "Free"."""
    pounds, pennies = divmod(pence or 0, 100)
    return f"£{pounds:,}" if not pennies else f"£{pounds:,}.{pennies:02d}"


def vat_inside(gross, rate):
    """The VAT included in `gross` pence at `rate` per cent, to the penny."""
    net = Decimal(gross) * 100 / (100 + Decimal(rate))
    return gross - int(net.quantize(Decimal(1), rounding=ROUND_HALF_UP))
