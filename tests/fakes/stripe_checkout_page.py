"""The fake's stand-in for Stripe's hosted Checkout page: a summary and two buttons."""

import html

from .stripe_params import money

CSS = """\
body { margin: 0 auto; max-width: 40rem; padding: 1rem; font: 1rem/1.5 system-ui,
  sans-serif; color: #1b1b1b; background: #fff; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: bold; }
th, td { padding: 0.5rem; border-bottom: 1px solid #6b6b6b; text-align: left; }
button { min-height: 2.75rem; margin: 1rem 0.5rem 0 0; padding: 0.5rem 1.25rem;
  font: inherit; }
a:focus-visible, button:focus-visible { outline: 3px solid #1d4ed8;
  outline-offset: 2px; }
"""


def checkout_page(data, line_items):
    """(title, main content) for a session in any state."""
    total = money(data["amount_total"], data["currency"])
    back = ""
    if data["cancel_url"]:
        back = (
            f'<p><a href="{html.escape(data["cancel_url"])}">Return to the site</a></p>'
        )
    if data["status"] == "complete":
        return "Payment complete", f"<p>You paid {total}.</p>{back}"
    if data["status"] == "expired":
        return "This checkout has expired", f"<p>Nothing was paid.</p>{back}"
    rows = "".join(
        f"<tr><td>{html.escape(item['description'])}</td><td>{item['quantity']}</td>"
        f"<td>{money(item['amount_total'], item['currency'])}</td></tr>"
        for item in line_items
    )
    email = ""
    if data["customer_email"]:
        email = f"<p>Receipt to {html.escape(data['customer_email'])}</p>"
    cancel = ""
    if data["cancel_url"]:
        cancel = '<button type="submit" name="action" value="cancel">Cancel</button>'
    return (
        "Checkout",
        "<table><caption>Order summary</caption><thead><tr>"
        '<th scope="col">Item</th><th scope="col">Quantity</th>'
        '<th scope="col">Amount</th></tr></thead>'
        f"<tbody>{rows}</tbody><tfoot><tr>"
        f'<th scope="row" colspan="2">Total</th><td>{total}</td></tr></tfoot></table>'
        f'{email}<form method="post"><button type="submit" name="action" '
        f'value="pay">Pay {total}</button>{cancel}</form>',
    )


def html_page(title, main):
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}: fake Stripe Checkout</title>\n"
        '<link rel="stylesheet" href="/c/checkout.css">\n</head>\n<body>\n'
        "<header><p>Fake Stripe Checkout for tests: no real payment is taken.</p>"
        f"</header>\n<main>\n<h1>{html.escape(title)}</h1>\n{main}\n</main>\n"
        "</body>\n</html>\n"
    )
