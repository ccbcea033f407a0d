"""One way to send the site's emails: a subject, plain text and HTML from templates,
each extending templates/emails/base.html or base.txt (docs/emails.md).

`send_templated_email_once` sends an email at most once per key, for the emails a
background task sends: a task run again (after its worker died, see
`manage.py requeue_stranded_tasks`) sends nothing twice."""

from email.mime.base import MIMEBase
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from . import email_texts, page_cache
from .models import SentEmail, SiteChrome


def site_contact_email():
    """The contact address under Settings > Header and footer, or "": kept until
    content next changes (`home.page_cache.remember`), since every email shows it."""

    def read():
        return (
            SiteChrome.objects.filter(site__is_default_site=True)
            .values_list("contact_email", flat=True)
            .first()
        ) or ""

    return page_cache.remember(None, "emails:site-contact-email", read)


def organiser_contact_email():
    """Where an email's reader writes with questions: the site's contact address,
    else the address the site sends from."""
    return site_contact_email() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def email_context():
    """What the base templates' header and footer show, for every email: ours and
    allauth's (`home.account_adapter`)."""
    return {"site_url": settings.SITE_URL, "contact_email": organiser_contact_email()}


def render_templated_email(
    *, template, context, to, attachments=(), reply_to=(), text=None
):
    """The message `send_templated_email_once` sends, unsent.

    `text` (a `home.email_texts.Request`) names an editable email: its subject and
    main paragraphs, edited or as shipped, reach the templates as `email_text`
    (one query).

    Renders `<template>_subject.txt`, `<template>.txt` and `<template>.html`.
    `attachments` holds (filename, content, mimetype) triples, such as a ticket's
    .ics, or ready MIME parts, such as an inline image the HTML shows with `cid:`.
    """
    context = {**email_context(), **context}
    if text is not None:
        context["email_text"] = email_texts.render(text)
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
    return message


def send_templated_email_once(
    *, key, template, context, to, attachments=(), reply_to=(), text=None
):
    """Render the email (see `render_templated_email`) and send it, unless one with
    `key` was sent.

    `key` names what the email is about (`ticket:<attendee pk>:<ticket token>`),
    not the run of a task, so every path to the same message shares it; an answer to
    a request that may rightly be made again is keyed by the request (the queued
    task's id, which a task run again keeps). Writes a `SentEmail` row and sends in one transaction: if sending
    fails, or the process dies before the transaction commits, no row is left and
    the next call sends; once it has committed, later calls send nothing. A call
    while another with the same key is sending waits for it (the row's unique key),
    then sends only if that one failed. Only a crash between the mail server
    accepting the message and the commit can still send it twice.

    Call it outside a transaction (a task, or `transaction.on_commit`), so the row
    commits as soon as the email is sent. Returns the message sent, or None.
    """
    message = render_templated_email(
        template=template,
        context=context,
        to=to,
        attachments=attachments,
        reply_to=reply_to,
        text=text,
    )
    claimed = False
    try:
        with transaction.atomic():
            # One INSERT claims the key, with no look first (nearly every call is
            # the first); it waits on a row another call has yet to commit.
            SentEmail.objects.create(
                key=key,
                recipients=", ".join(message.to),
                template=template,
                subject=message.subject,
            )
            claimed = True
            message.send()
    except IntegrityError:
        if claimed:
            raise
        return None  # The key's row exists: sent already.
    return message


def render_email_text_sample(*, email, page_id, subject, body, to=()):
    """`email` (a `home.email_texts.EditableEmail`) made out to its invented sample
    person, with an unsaved `subject` and `body`: the admin's preview and test send."""
    return render_templated_email(
        template=email.template,
        context=email.sample_context,
        to=to,
        text=email_texts.Request(
            key=email.key,
            page_id=page_id,
            values=email.sample_values,
            text=(subject, body),
        ),
    )


def send_email_text_test(*, email, page_id, subject, body, to):
    """Send the sample of `email` to `to` (the editor's own address), marked as a
    test in its subject; not recorded as sent (`SentEmail`), since no one it
    concerns gets it."""
    message = render_email_text_sample(
        email=email, page_id=page_id, subject=subject, body=body, to=[to]
    )
    message.subject = f"[Test] {message.subject}"
    message.send()
    return message
