"""The door check-in page, for Check-in staff on a phone (outside the Wagtail
admin, which they can't use), and the JSON endpoints its script calls.

The page works without JavaScript (type a reference, or search and pick a name).
`site/static/js/checkin.js` adds the camera, answers from the device's copy of the
ticket list when the connection drops, and syncs the scans it queued. Every
endpoint is rate-limited per staff member and connection; bad input gets a message
and a 4xx.
"""

import datetime
import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from home.browser_policy import allow_features
from home.ids import MAX_ID, parse_id
from home.ratelimit import is_over_limit, rate_limited_response
from home.staff_mfa import staff_mfa_redirect_url

from ..choices import CheckInSource
from ..models import Attendee, SummitPage
from . import access, services

SEARCH_RESULTS = 20
MAX_SYNC_SCANS = 500


def door_staff_only(view):
    """Signed-in staff with the check-in permission who used their second factor
    (`home.staff_mfa`); never cached, since the answers hold names. Rate-limited
    per staff member: a venue's devices often share one address.

    A view under a summit (`summit_id` in its address) is called with the summit
    instead, loaded by the same query that checks the permission
    (`access.door_summit`): a busy door pays for every query of every scan."""

    @wraps(view)
    def wrapper(request, summit_id=None):
        user = request.user
        if not user.is_authenticated:
            if _wants_json(request):
                return _error(_("Sign in again to check people in."), status=401)
            return redirect_to_login(request.get_full_path())
        if second_step := staff_mfa_redirect_url(request):
            if _wants_json(request):
                return _error(
                    _("Use two-step verification first: open the door page again."),
                    status=403,
                )
            return redirect(second_step)
        summit = None if summit_id is None else _door_summit_for(user, summit_id)
        if summit is not None:
            allowed = summit.may_check_in
        else:
            allowed = user.has_perm(access.CHECK_IN_PERMISSION)
        if not allowed:
            raise PermissionDenied
        if is_over_limit("checkin", f"staff-{user.pk}"):
            if _wants_json(request):
                return _error(
                    _("Too many requests: wait a minute and try again."), status=429
                )
            return rate_limited_response(request, "checkin")
        if summit_id is None:
            response = view(request)
        elif summit is None:
            raise Http404
        else:
            response = view(request, summit)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _wants_json(request):
    return request.content_type == "application/json" or "json" in request.headers.get(
        "Accept", ""
    )


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _door_summits():
    return services.door_open(SummitPage.objects.live())


def _door_summit_for(user, summit_id):
    """The live summit with this id whose door is open, with `may_check_in` for
    `user` (`access.door_summit`), or None."""
    summit = access.door_summit(user=user, summit_id=summit_id)
    return summit if summit is not None and services.door_is_open(summit) else None


@require_GET
def service_worker(request):
    """The door page's service worker, from here rather than /static/ so that it
    may control pages under /checkin/."""
    with open(finders.find("js/checkin-sw.js"), encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@door_staff_only
def choose_summit(request):
    summits = list(_door_summits().order_by("start"))
    if len(summits) == 1:
        return redirect("events:checkin", summits[0].pk)
    return render(request, "events/checkin/choose.html", {"summits": summits})


@require_http_methods(["GET", "POST"])
@allow_features(camera=["self"])  # the QR code scanner
@door_staff_only
def door(request, summit):
    """The check-in page. Without JavaScript, its forms post here: a reference,
    a pick from the name search (`attendee`), or an undo (`undo`)."""
    answer = None
    undone = None
    if request.method == "POST":
        if "undo" in request.POST:
            try:
                undone = services.undo_check_in(
                    summit=summit,
                    check_in_id=_int(request.POST["undo"]),
                    by=request.user,
                )
            except services.CheckInError as refusal:
                return _render_door(request, summit, error=refusal.message, status=409)
        elif request.POST.get("attendee"):
            answer = services.check_in(
                summit=summit,
                by=request.user,
                attendee_id=_int(request.POST["attendee"]),
            )
        else:
            reference = request.POST.get("reference", "").strip()
            if not reference:
                return _render_door(
                    request,
                    summit,
                    error=_("Enter the reference printed on the ticket."),
                    status=400,
                )
            answer = services.check_in(
                summit=summit, by=request.user, reference=reference
            )
    return _render_door(request, summit, answer=answer, undone=undone)


def _render_door(request, summit, *, answer=None, undone=None, error="", status=200):
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "events/checkin/door.html",
        {
            "summit": summit,
            "answer": answer,
            "undone": undone,
            "error": error,
            "query": query,
            "matches": _search(summit, query) if len(query) >= 2 else None,
            "ticket_types": services.arrival_counts(summit),
            "messages_json": _offline_messages(),
        },
        status=status,
    )


def _search(summit, query):
    return list(
        Attendee.objects.filter(summit=summit, email__gt="")
        .filter(Q(name__icontains=query) | Q(organisation__icontains=query))
        .select_related("order", "ticket_type")
        .order_by("name", "pk")[:SEARCH_RESULTS]
    )


def _offline_messages():
    """Words the script needs, above all when it answers from the device's copy."""
    return {
        **{
            outcome: str(title) for outcome, (title, _tone) in services.OUTCOMES.items()
        },
        "tones": {
            outcome: tone for outcome, (_title, tone) in services.OUTCOMES.items()
        },
        "unknown_hint": services.Answer(services.UNKNOWN).message,
        "already_at": _("Checked in at %(time)s by %(who)s."),
        "this_device": _("this device"),
        "saved_offline": _(
            "Saved on this device: it will be sent when the connection returns."
        ),
        "no_copy": _(
            "Offline, and this device has no copy of the ticket list yet: type the "
            "reference again when the connection returns."
        ),
        "online": _("Online."),
        "offline": _("Offline: answers come from this device's copy of the list."),
        "waiting_one": _("1 scan waiting to sync."),
        "waiting_many": _("%(count)s scans waiting to sync."),
        "none_waiting": _("All scans synced."),
        "sync_refused": _(
            "%(name)s, checked in on this device, was refused when synced: %(title)s"
        ),
        "undo": _("Undo this check-in"),
        "undone": _("Check-in of %(name)s undone."),
        "check_in": _("Check in"),
        "no_matches": _("Nobody booked matches “%(query)s”."),
        "matches_one": _("1 person matches."),
        "matches_many": _("%(count)s people match."),
        "matches_first": _("%(count)s people match: the first %(shown)s are shown."),
        "enter_reference": _("Enter the reference printed on the ticket."),
        "camera_failed": _(
            "The camera could not start. Allow camera access, or type the reference."
        ),
        "organisation": _("Organisation"),
        "ticket": _("Ticket"),
        "reference": _("Reference"),
        "access_needs": _("Has access needs: check the access list."),
    }


def _int(value):
    """A posted row id, or 0 (no row) if it can't be one (`home.ids.parse_id`)."""
    return parse_id(value) or 0


def _is_id(value):
    """Whether a JSON value is a row id: a number, not `true` (which Python counts as
    the integer 1), and one a database integer column holds."""
    return type(value) is int and 0 < value <= MAX_ID


def _json_body(request):
    """The request's JSON object, or None."""
    try:
        body = json.loads(request.body or b"null")
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _text(value, limit=200):
    return value.strip()[:limit] if isinstance(value, str) and value.strip() else None


@require_http_methods(["POST"])
@door_staff_only
def check_in_api(request, summit):
    """POST {"payload": QR text} or {"reference": …, "via": "search"?} or
    {"attendee": id}: the answer as JSON (see `services.Answer.as_json`)."""
    body = _json_body(request)
    if body is None:
        return _error(_("Send a JSON object."))
    payload, reference = _text(body.get("payload"), 400), _text(body.get("reference"))
    attendee_id = body.get("attendee")
    if payload is not None:
        answer = services.check_in(summit=summit, by=request.user, payload=payload)
    elif reference is not None:
        # A name-search pick on the device sends the place's reference.
        source = CheckInSource.SEARCH if body.get("via") == "search" else None
        answer = services.check_in(
            summit=summit, by=request.user, reference=reference, source=source
        )
    elif _is_id(attendee_id):
        answer = services.check_in(
            summit=summit,
            by=request.user,
            attendee_id=attendee_id,
            source=CheckInSource.SEARCH,
        )
    else:
        return _error(_("Send the scanned code, a reference or a place."))
    return JsonResponse(answer.as_json())


@require_http_methods(["POST"])
@door_staff_only
def undo_api(request, summit):
    """POST {"check_in": id}: undo it; 409 with the reason if it can't be."""
    body = _json_body(request)
    if body is None or not _is_id(body.get("check_in")):
        return _error(_("Send the check-in to undo."))
    try:
        check_in = services.undo_check_in(
            summit=summit, check_in_id=body["check_in"], by=request.user
        )
    except services.CheckInError as refusal:
        return _error(refusal.message, status=409)
    return JsonResponse(
        {
            "undone": check_in.pk,
            "key": services.ticket_key(check_in.attendee.ticket_token),
            "message": _("Check-in of %(name)s undone.")
            % {"name": check_in.attendee.display_name},
        }
    )


@require_http_methods(["POST"])
@door_staff_only
def sync_api(request, summit):
    """POST {"scans": [{"id", "scanned_at" (ISO 8601 with offset), "payload" or
    "reference"}, …]} (at most 500): each scan's answer, by id, in the order sent.
    A malformed scan answers {"id", "error"} rather than failing the batch, so the
    device can drop it and the rest of its queue still drains."""
    body = _json_body(request)
    raw = body.get("scans") if body else None
    if not isinstance(raw, list) or len(raw) > MAX_SYNC_SCANS:
        return _error(
            _("Send a list of at most %(count)s scans.") % {"count": MAX_SYNC_SCANS}
        )
    parsed = [(item, _parse_scan(item, summit)) for item in raw]
    answers = iter(
        services.sync_scans(
            summit=summit,
            by=request.user,
            scans=[scan for _item, scan in parsed if scan],
        )
    )
    malformed = _("This scan is incomplete or malformed.")
    results = []
    for item, scan in parsed:
        if scan is None:
            scan_id = _text(item.get("id"), 64) if isinstance(item, dict) else None
            results.append({"id": scan_id, "error": malformed})
        else:
            scan, answer = next(answers)
            results.append({"id": scan.scan_id, **answer.as_json()})
    return JsonResponse({"results": results})


def _parse_scan(item, summit):
    if not isinstance(item, dict):
        return None
    scan_id = _text(item.get("id"), 64)
    payload, reference = _text(item.get("payload"), 400), _text(item.get("reference"))
    try:
        scanned_at = datetime.datetime.fromisoformat(item.get("scanned_at") or "")
    except (TypeError, ValueError):
        return None
    if not scan_id or (payload is None) == (reference is None):
        return None
    if timezone.is_naive(scanned_at) or not services.scan_time_possible(
        summit, scanned_at
    ):
        return None
    return services.Scan(
        scan_id=scan_id, scanned_at=scanned_at, payload=payload, reference=reference
    )


@require_GET
@door_staff_only
def tickets_api(request, summit):
    """The summit's ticket list for the device's offline copy (see
    `services.ticket_list`), with its ticket types."""
    return JsonResponse(
        {
            "summit": summit.pk,
            "fetched_at": timezone.localtime().isoformat(),
            # The device drops its copy once the door has closed.
            "door_closes": services.door_closes(summit).isoformat(),
            "ticket_types": [
                {"id": ticket_type.pk, "name": ticket_type.name}
                for ticket_type in summit.ticket_types.order_by("sort_order", "pk")
            ],
            "places": services.ticket_list(summit),
        }
    )
