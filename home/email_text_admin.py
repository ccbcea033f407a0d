"""Settings > Email texts: Event managers edit the subject and main paragraphs of
the emails attendees, bookers and signatories get, site-wide or for one summit,
with a preview made out to an invented person, a test sent to themselves and a
reset to the default (docs/emails.md#editing-email-texts). Needs the
`home.edit_email_texts` permission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import email_texts
from .email_text_forms import EmailTextForm
from .emails import render_email_text_sample, send_email_text_test
from .models import EmailText
from .ratelimit import is_over_limit

PERMISSION = "home.edit_email_texts"


def edit_url(email, page_id):
    if page_id:
        return reverse("home_email_text_summit", args=[email.key, page_id])
    return reverse("home_email_text", args=[email.key])


class EmailTextPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EmailTextScopeMixin:
    """Finds the email (`key`) and the summit (`page_id`) from the address; 404 for
    an email not registered, a summit for an email that concerns none, or a page
    that is not a summit."""

    def dispatch(self, request, *args, key, page_id=None, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.email = email_texts.get(key)
        if self.email is None or (page_id and not self.email.per_summit):
            raise Http404
        self.page = None
        if page_id:
            self.page = next(
                (page for page in email_texts.summit_pages() if page.pk == page_id),
                None,
            )
            if self.page is None:
                raise Http404
        self.page_id = page_id
        return super().dispatch(request, *args, **kwargs)

    def scope_label(self):
        return self.page.title if self.page else _("All summits")


class EmailTextListView(
    EmailTextPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "home/admin/email_texts.html"
    page_title = gettext_lazy("Email texts")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        edited = set(EmailText.objects.values_list("key", "page_id"))
        summits = email_texts.summit_pages()
        rows = []
        for email in email_texts.registered():
            scopes = [(None, _("All summits") if email.per_summit else "")]
            if email.per_summit:
                scopes += [(page.pk, page.title) for page in summits]
            for page_id, label in scopes:
                rows.append(
                    {
                        "email": email,
                        "scope": label,
                        "edited": (email.key, page_id) in edited,
                        "url": edit_url(email, page_id),
                    }
                )
        return super().get_context_data(rows=rows, **kwargs)


class EmailTextEditView(EmailTextScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the form with the text in force and its preview. POST `action`: preview
    the unsaved text, save it, or send it to oneself as a test."""

    template_name = "home/admin/email_text_edit.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Edit email: %(name)s") % {"name": self.email.name}

    def get_page_subtitle(self):
        return self.scope_label()

    def get(self, request, *args, **kwargs):
        subject, body, edited = email_texts.current_text(
            email=self.email, page_id=self.page_id
        )
        form = EmailTextForm(
            initial={"subject": subject, "body": body}, email=self.email
        )
        return self.render_page(form, subject=subject, body=body, edited=edited)

    def post(self, request, *args, **kwargs):
        form = EmailTextForm(request.POST, email=self.email)
        action = request.POST.get("action", "preview")
        if action not in ("preview", "save", "test"):
            action = "preview"
        edited = EmailText.objects.filter(
            key=self.email.key, page_id=self.page_id
        ).exists()
        if not form.is_valid():
            return self.render_page(form, edited=edited, status=400)
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if action == "save":
            try:
                email_texts.save_text(
                    email=self.email, page_id=self.page_id, subject=subject, body=body
                )
            except email_texts.EmailTextError as error:
                form.add_error("body", error.problems)
                return self.render_page(form, edited=edited, status=400)
            messages.success(
                request,
                _("Saved the text of “%(name)s” (%(scope)s).")
                % {"name": self.email.name, "scope": self.scope_label()},
            )
            return redirect(edit_url(self.email, self.page_id))
        if action == "test":
            address = request.user.email
            if not address:
                form.add_error(None, _("Your account has no email address to send to."))
                return self.render_page(form, edited=edited, status=400)
            if is_over_limit("email-text-test", request.user.pk):
                form.add_error(
                    None,
                    _("You have sent several tests just now: wait a few minutes."),
                )
                return self.render_page(form, edited=edited, status=429)
            send_email_text_test(
                email=self.email,
                page_id=self.page_id,
                subject=subject,
                body=body,
                to=address,
            )
            messages.success(
                request,
                _("Sent a test to %(address)s. It is made out to the sample person.")
                % {"address": address},
            )
        return self.render_page(form, subject=subject, body=body, edited=edited)

    def render_page(self, form, *, subject=None, body=None, edited, status=200):
        preview = None
        if subject is not None:
            message = render_email_text_sample(
                email=self.email, page_id=self.page_id, subject=subject, body=body
            )
            preview = {
                "subject": message.subject,
                "html": message.alternatives[0][0],
                "text": message.body,
            }
        form.mark_errors()
        errors = [
            {"id": form[name].id_for_label, "label": form[name].label, "error": error}
            for name in ("subject", "body")
            for error in form.errors.get(name, [])
        ]
        context = self.get_context_data(
            form=form,
            email=self.email,
            scope=self.scope_label(),
            preview=preview,
            edited=edited,
            field_errors=errors,
            reset_url=reverse(
                "home_email_text_reset_summit", args=[self.email.key, self.page_id]
            )
            if self.page_id
            else reverse("home_email_text_reset", args=[self.email.key]),
        )
        return self.render_to_response(context, status=status)


class EmailTextResetView(EmailTextScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks to confirm; POST removes the edited text."""

    template_name = "home/admin/email_text_reset.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Reset email: %(name)s") % {"name": self.email.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email=self.email,
            scope=self.scope_label(),
            back_url=edit_url(self.email, self.page_id),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if email_texts.reset_text(email=self.email, page_id=self.page_id):
            messages.success(
                request,
                _("“%(name)s” (%(scope)s) is back to its default text.")
                % {"name": self.email.name, "scope": self.scope_label()},
            )
        return redirect(edit_url(self.email, self.page_id))
