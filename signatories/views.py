import csv

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.exports import spreadsheet_safe
from home.page_cache import remember, request_host, shared_page
from home.ratelimit import ratelimit
from home.sections import page_view, render_page

from . import links, opendata, services
from .choices import SignatoryStatus
from .forms import RequestLinkForm, SignatoryForm, SignatoryUpdateForm
from .models import Signatory, SignatoryRegisterPage
from .register import register_context

# Emailed links are throttled on GET too, since each one is a guess at a token.
LINK_METHODS = ("GET", "POST")
# Open data is the same for everyone; let browsers and proxies keep it a while.
OPEN_DATA_MAX_AGE = 5 * 60


def _render(request, template, context=None, *, status=200):
    context = {
        "register_page": SignatoryRegisterPage.objects.live().first(),
        **(context or {}),
    }
    return render(request, template, context, status=status)


def message(template):
    """A page that only says something, such as 'check your email': the same for
    everyone, so the page cache may keep it (each sign-up ends on one)."""

    @require_GET
    @shared_page
    def view(request):
        return _render(request, template)

    return view


NEW_LINK_URL_NAMES = {
    links.CONFIRM: "signatories:confirm_new_link",
    links.MANAGE: "signatories:manage_new_link",
}


def _link_problem(request, error, *, token, purpose):
    """Why an emailed link can't be used, and the way on: a button that emails the
    contact a link that works now, or, once the entry has left the register (or was
    never confirmed and has been removed), the way to sign again."""
    signatory = error.signatory
    can_send = signatory is not None and services.fresh_link_email(signatory)
    return _render(
        request,
        "signatories/link_problem.html",
        {
            "reason": error.reason,
            "signatory": signatory,
            "new_link_url": reverse(NEW_LINK_URL_NAMES[purpose], args=[token])
            if can_send
            else "",
            "link_days": links.MAX_AGE[purpose].days,
        },
        status=400 if error.reason == "invalid" else 410,
    )


@require_http_methods(["GET", "POST"])
@ratelimit("signatories-sign")
def sign(request):
    if request.method == "POST":
        form = SignatoryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signatory = services.submit_signature(
                    **form.signature_fields(), user=request.user
                )
            except services.DuplicateSignatory as duplicate:
                return _render(
                    request,
                    "signatories/already_signed.html",
                    {
                        "existing": duplicate.existing,
                        "organisation": form.cleaned_data["website"]
                        or form.cleaned_data["name"],
                        "request_form": RequestLinkForm(),
                    },
                    status=409,
                )
            if signatory.status == SignatoryStatus.PENDING:
                return redirect("signatories:awaiting_approval")
            return redirect("signatories:check_email")
    elif request.user.is_authenticated:
        form = SignatoryForm(initial={"contact_email": request.user.email})
    elif not get_messages(request):
        return _blank_form_page(request)
    else:
        form = SignatoryForm()
    return _render(
        request,
        "signatories/sign.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# Stands in for the visitor's CSRF token in the kept blank form page.
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor"


def _blank_form_page(request):
    """The blank form's page, the same for every visitor who is not signed in but
    for the CSRF token: drawn once until content next changes (its commitments and
    the register page are content), then each visitor's own token is put in. Only
    for a visit with no message waiting, so nothing about one visitor is kept."""
    page = remember(
        request,
        f"signatories:sign-page:{request_host(request)}:{get_language()}",
        lambda: (
            _render(
                request,
                "signatories/sign.html",
                {"form": SignatoryForm(), "csrf_token": CSRF_PLACEHOLDER},
            ).content
        ),
    )
    # get_token() also has the CSRF middleware set the cookie, as {% csrf_token %}.
    return HttpResponse(
        page.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    )


@require_http_methods(["GET", "POST"])
@ratelimit("signatories-request-link")
def request_link(request):
    if request.method == "POST":
        form = RequestLinkForm(request.POST)
        if form.is_valid():
            services.request_manage_link(organisation=form.cleaned_data["organisation"])
            return redirect("signatories:link_sent")
    else:
        form = RequestLinkForm(
            initial={"organisation": request.GET.get("organisation")}
        )
    return _render(
        request,
        "signatories/request_link.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def new_link(purpose):
    """POST from an expired or used link's page: email the entry's contact a link
    that works now. Only the address on file receives it."""

    @require_POST
    @ratelimit("signatories-request-link")
    def view(request, token):
        services.send_fresh_link(token=token, purpose=purpose)
        return redirect("signatories:link_sent")

    return view


@require_http_methods(["GET", "POST"])
@ratelimit("signatories-link", methods=LINK_METHODS)
def confirm(request, token):
    # The button, not the link itself, confirms: mail scanners that open links
    # must not sign anyone up.
    try:
        signatory, _nonce = services.signatory_for_link(
            token=token, purpose=links.CONFIRM
        )
        if request.method == "POST":
            services.confirm_signature(token=token)
            return redirect("signatories:awaiting_approval")
    except services.LinkError as error:
        return _link_problem(request, error, token=token, purpose=links.CONFIRM)
    return _render(request, "signatories/confirm.html", {"signatory": signatory})


def _user(request):
    return request.user if request.user.is_authenticated else None


def _manageable(request, *, token=None, pk=None):
    """The entry to manage and the emailed link's nonce (None when signed in)."""
    if token is not None:
        return services.signatory_for_link(token=token, purpose=links.MANAGE)
    signatory = get_object_or_404(
        Signatory.objects.owned_by(request.user).filter(
            status__in=services.MANAGEABLE_STATUSES
        ),
        pk=pk,
    )
    return signatory, None


def _manage_urls(token=None, pk=None):
    if token is not None:
        return {
            "update_url": reverse("signatories:update", args=[token]),
            "withdraw_url": reverse("signatories:withdraw", args=[token]),
        }
    return {
        "update_url": reverse("signatories:account_update", args=[pk]),
        "withdraw_url": reverse("signatories:account_withdraw", args=[pk]),
    }


@require_GET
@ratelimit("signatories-link", methods=LINK_METHODS)
def manage(request, token):
    try:
        signatory, _nonce = _manageable(request, token=token)
    except services.LinkError as error:
        return _link_problem(request, error, token=token, purpose=links.MANAGE)
    return _render(
        request,
        "signatories/manage.html",
        {"signatory": signatory, **_manage_urls(token=token)},
    )


@require_http_methods(["GET", "POST"])
@ratelimit("signatories-link", methods=LINK_METHODS)
def update(request, token=None, pk=None):
    try:
        signatory, nonce = _manageable(request, token=token, pk=pk)
    except services.LinkError as error:
        return _link_problem(request, error, token=token, purpose=links.MANAGE)
    if request.method == "POST":
        form = SignatoryUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.update_signature(
                    signatory=signatory,
                    nonce=nonce,
                    user=_user(request),
                    **form.signature_fields(),
                )
            except services.LinkError as error:
                return _link_problem(request, error, token=token, purpose=links.MANAGE)
            except services.SignatoryError as error:
                form.add_error(None, error.message)
            else:
                return redirect("signatories:updated")
    else:
        form = SignatoryUpdateForm.for_signatory(signatory)
    return _render(
        request,
        "signatories/update.html",
        {"signatory": signatory, "form": form, **_manage_urls(token=token, pk=pk)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@ratelimit("signatories-link", methods=LINK_METHODS)
def withdraw(request, token=None, pk=None):
    try:
        signatory, nonce = _manageable(request, token=token, pk=pk)
    except services.LinkError as error:
        return _link_problem(request, error, token=token, purpose=links.MANAGE)
    error_message = ""
    if request.method == "POST":
        try:
            services.withdraw_signature(
                signatory=signatory, nonce=nonce, user=_user(request)
            )
        except services.LinkError as error:
            return _link_problem(request, error, token=token, purpose=links.MANAGE)
        except services.SignatoryError as error:
            error_message = error.message
        else:
            return redirect("signatories:withdrawn")
    return _render(
        request,
        "signatories/withdraw.html",
        {
            "signatory": signatory,
            "error_message": error_message,
            **_manage_urls(token=token, pk=pk),
        },
        status=409 if error_message else 200,
    )


@login_required
@require_GET
def yours(request):
    signatories = (
        Signatory.objects.owned_by(request.user)
        .filter(status__in=services.MANAGEABLE_STATUSES)
        .order_by("normalised_name")
    )
    return _render(request, "signatories/yours.html", {"signatories": signatories})


@require_GET
@page_view(SignatoryRegisterPage)
@shared_page
def register(request, page):
    """The register itself: filters (a GET form) and the entries, in pages."""
    context = register_context(request)
    return render_page(
        request, page, context=context, status=400 if context["filter_invalid"] else 200
    )


@require_GET
@shared_page
def detail(request, slug):
    signatory = get_object_or_404(
        Signatory.objects.public().prefetch_related("commitments"), slug=slug
    )
    return _render(
        request, "signatories/signatory_detail.html", {"signatory": signatory}
    )


def _open_data_response(response, extension):
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="shared-ambition-signatories-{stamp}.{extension}"'
    )
    response["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _Echo:
    def write(self, value):
        return value


@require_GET
def open_data_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=opendata.FIELDS)

    def rows():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writeheader()
        for row in opendata.records():
            row = {**row, "commitments": ";".join(row["commitments"])}
            yield writer.writerow({key: spreadsheet_safe(v) for key, v in row.items()})

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    return _open_data_response(response, "csv")


@require_GET
def open_data_json(request):
    response = StreamingHttpResponse(
        opendata.json_document(), content_type="application/json; charset=utf-8"
    )
    return _open_data_response(response, "json")
