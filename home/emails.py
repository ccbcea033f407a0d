"""One way to send the site's emails: a subject, plain text and HTML from templates."""

from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(*, template, context, to, attachments=(), reply_to=()):
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` and send them.

    `attachments` holds (filename, content, mimetype) triples, such as a ticket's .ics,
    or ready MIME parts, such as an inline image the HTML shows with `cid:`.
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=list(to),
        reply_to=list(reply_to),
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            message.attach(attachment)
        else:
            message.attach(*attachment)
    message.send()
    return message
