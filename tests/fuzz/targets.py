"""Every public form and endpoint, and the probes the fuzz test sends to each.

`plan(world)` turns the tables below into requests (`Probe`), deterministically
(one fixed random seed). Each probe says whether it must change nothing: a form
whose field got a value that field must refuse (see `hostile.py`), a broken
envelope (another charset, a bad multipart body), a bad signature, any GET.
"""

import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from home.data_requests import make_link_token

from . import hostile
from .hostile import BOOL, CHOICE, EMAIL, FILE, MULTI, NUMBER, TEXT, URL
from .world import CSRF_TOKEN, DEFAULT_PASSWORD, MEMBER_EMAIL

SEED = 20_260_020  # issue 20: change it to explore, keep it to reproduce
ERASABLE_EMAIL = "nobody-else@example.org"
HONEYPOT = "honeypot"  # must stay empty
SECRET = "secret"  # a password: any text, but NUL never reaches it
WEBHOOK_SECRET = "whsec_fuzz"
BOUNDARY = "fuzzboundaryfuzzboundary"
# Hostile values every field gets; of the rest, each field gets a few at random.
ALWAYS = {"NUL", "100k characters", "HTML"}
# And by kind: names that look like addresses broke duplicate matching once.
ALWAYS_BY_KIND = {TEXT: {"IP-literal email"}, EMAIL: {"IP-literal email"}}
SAMPLED_PER_FIELD = 2
SAMPLED_PER_PARAMETER = 5
SAMPLED_PATH_VALUES = 5
SAMPLED_JSON_SCALARS = 7


@dataclass
class Probe:
    group: str
    client: str
    method: str
    path: str
    query: str = ""
    body: bytes = b""
    content_type: str | None = None
    headers: dict = field(default_factory=dict)
    refuse: bool = False  # must write nothing
    control: bool = False  # the untouched form: it must be accepted
    note: str = ""

    def describe(self):
        query = f"?{self.query[:300]}" if self.query else ""
        body = f" body={self.body[:400]!r}" if self.body else ""
        kind = f" [{self.content_type}]" if self.content_type else ""
        return (
            f"{self.method} {self.path[:300]}{query} as {self.client}{kind} "
            f"({self.note}){body}"
        )


@dataclass(frozen=True)
class F:
    """A form field: its kind and a value the form accepts."""

    name: str
    kind: str
    valid: object = ""
    required: bool = True


@dataclass(frozen=True)
class Form:
    url_name: str
    path: str
    fields: tuple
    client: str = "anon"
    multipart: bool = False
    constant: tuple = ()  # (name, value) always sent: the button pressed
    group: str = "forms"


@dataclass(frozen=True)
class Get:
    """A page or feed: the query parameters it reads get hostile values (and every
    one gets a parameter it doesn't read)."""

    url_name: str
    path: str
    params: tuple = ()
    client: str = "anon"
    group: str = "pages"
    page_type: str = ""  # the Wagtail page model it shows, "app.Model"


@dataclass(frozen=True)
class Route:
    """An address with a part (`{}`) that is an id, slug, reference or token."""

    url_name: str
    template: str
    real: str
    client: str = "anon"
    methods: tuple = ("GET",)
    group: str = "routes"


# Addresses no probe visits, and why.
NOT_FUZZED = {
    "account_confirm_login_code": "needs a login by code under way (off here)",
    "checkin_sw": "a static script",
    "withdraw_profile_change": "a POST without fields that only withdraws the "
    "member's own waiting change: tests/speakers/test_self_service.py",
    "csp_report": "answers 204 to any body, writes nothing: tests/home/test_browser_policy.py",
}


def forms(w):
    summit = f"/summit/{w.summit_slug}"
    person = (
        F("name", TEXT, "Ada Example"),
        F("organisation", TEXT, "Fen Council", required=False),
        F("organisation_type", CHOICE, "business", required=False),
        F("district", CHOICE, "fenland", required=False),
        F("job_title", TEXT, "Officer", required=False),
        F("accessibility_needs", TEXT, "A quiet room", required=False),
        F("dietary_requirements", TEXT, "Vegan", required=False),
        F("privacy_accepted", BOOL, "on"),
        F("consent_attendee_list", BOOL, "on", required=False),
        F("consent_updates", BOOL, "", required=False),
    )
    workshops = (F("workshops", MULTI, [str(w.workshop_id)], required=False),)
    email = (F("email", EMAIL, "new.person@example.org"),)
    signatory = (
        F("name", TEXT, "Fuzz Community Energy"),
        F("organisation_type", CHOICE, "voluntary"),
        F("district", CHOICE, "fenland"),
        F("website", URL, "https://fuzz-energy.example.org/", required=False),
        F("pledge", TEXT, "We will help 500 homes."),
        F("commitments", MULTI, w.commitment_ids),
        F("contact_name", TEXT, "Sam Example"),
        F("contact_role", TEXT, "Chair"),
        F("logo", FILE, None, required=False),
        F("nickname", HONEYPOT),
    )
    return [
        Form(
            "book",
            f"{summit}/book/",
            (F(f"quantity_{w.free_id}", NUMBER, "1"),),
            group="booking",
        ),
        Form(
            "book",
            f"{summit}/book/",
            (F("code", CHOICE, w.code),),
            constant=(("apply_code", "1"),),
            group="booking",
        ),
        Form(
            "book_details",
            f"{summit}/book/details/",
            (
                F("place-1-who", CHOICE, "named"),
                *(
                    F(f"place-1-{f.name}", f.kind, f.valid, f.required)
                    for f in (*person[:1], *email, *person[1:], *workshops)
                ),
                F("booker-booker_name", TEXT, "Bea Booker"),
                F("booker-booker_email", EMAIL, "bea@example.org"),
                F("booker-nickname", HONEYPOT),
            ),
            client="chosen",
            group="booking",
        ),
        Form(
            "book_review",
            f"{summit}/book/review/",
            (F("pay", BOOL, "", required=False),),
            client="detailed",
            group="booking",
        ),
        Form(
            "book_invoice",
            f"{summit}/book/invoice/",
            (
                F("organisation", TEXT, "Fen Council"),
                F("address", TEXT, "1 High Street\nMarch\nPE15 8AA"),
                F("contact", TEXT, "Fin Ance"),
                F("email", EMAIL, "finance@example.org"),
                F("purchase_order", TEXT, "PO-1234"),
            ),
            client="invoicing",
            group="booking",
        ),
        Form(
            "join_waiting_list",
            f"{summit}/book/waiting-list/{w.sold_out_id}/",
            (
                F("name", TEXT, "Wai Ting"),
                F("email", EMAIL, "wai@example.org"),
                F("nickname", HONEYPOT),
            ),
            group="booking",
        ),
        Form(
            "find_ticket",
            "/tickets/find/",
            (F("email", EMAIL, "ada@example.org"), F("nickname", HONEYPOT)),
            group="tickets",
        ),
        Form(
            "your_data_request",
            "/your-data/",
            (F("email", EMAIL, "ada@example.org"), F("nickname", HONEYPOT)),
            group="tickets",
        ),
        Form(
            # An address nobody else in the world uses: erasing it takes nothing
            # another probe needs.
            "your_data",
            f"/your-data/{make_link_token(ERASABLE_EMAIL)}/",
            (F("confirm", BOOL, "on"),),
            group="tickets",
        ),
        Form(
            "claim_place",
            f"/tickets/claim/{w.claim_token}/",
            (*person[:1], *email, *person[1:], *workshops),
            group="tickets",
        ),
        Form(
            "edit_ticket",
            f"/tickets/{w.manage_token}/edit/",
            (*person, *workshops),
            group="tickets",
        ),
        Form(
            "transfer_ticket",
            f"/tickets/{w.manage_token}/transfer/",
            (*person[:1], *email, *person[1:]),
            group="tickets",
        ),
        Form(
            "cancel_ticket",
            f"/tickets/{w.manage_token}/cancel/",
            (F("confirm", BOOL, "yes", required=False),),
            group="tickets",
        ),
        Form(
            "waiting_list_entry",
            f"/tickets/waiting-list/{w.offered_token}/",
            person,
            constant=(("claim", "1"),),
            group="tickets",
        ),
        Form(
            "waiting_list_entry",
            f"/tickets/waiting-list/{w.waiting_token}/",
            (F("leave", BOOL, "1"),),
            group="tickets",
        ),
        Form(
            "manage_booking",
            f"/bookings/{w.order_token}/",
            (F("confirm", BOOL, "1", required=False),),
            group="tickets",
        ),
        Form(
            "cancel_booking_by_link",
            f"/bookings/{w.order_token}/cancel/",
            (F("confirm", BOOL, "1", required=False),),
            group="tickets",
        ),
        Form(
            "cancel_booking",
            f"/accounts/bookings/{w.order_reference}/cancel/",
            (F("confirm", BOOL, "1", required=False),),
            client="member",
            group="tickets",
        ),
        Form(
            "sign",
            "/signatories/sign/",
            (
                *signatory,
                F("contact_email", EMAIL, "sam@fuzz-energy.example.org"),
                F("authorised", BOOL, "on"),
            ),
            multipart=True,
            group="signatories",
        ),
        Form(
            "update",
            f"/signatories/manage/{w.manage_link}/update/",
            (*signatory, F("remove_logo", BOOL, "", required=False)),
            multipart=True,
            group="signatories",
        ),
        Form(
            "account_update",
            f"/signatories/yours/{w.signatory_id}/update/",
            (*signatory, F("remove_logo", BOOL, "", required=False)),
            client="member",
            multipart=True,
            group="signatories",
        ),
        Form(
            "withdraw",
            f"/signatories/manage/{w.manage_link}/withdraw/",
            (F("confirm", BOOL, "1", required=False),),
            group="signatories",
        ),
        Form(
            "account_withdraw",
            f"/signatories/yours/{w.signatory_id}/withdraw/",
            (F("confirm", BOOL, "1", required=False),),
            client="member",
            group="signatories",
        ),
        Form(
            "request_link",
            "/signatories/manage/",
            (F("organisation", TEXT, "Test Organisation"), F("nickname", HONEYPOT)),
            group="signatories",
        ),
        Form(
            "confirm",
            f"/signatories/confirm/{w.confirm_link}/",
            (F("confirm", BOOL, "1", required=False),),
            group="signatories",
        ),
        Form(
            "confirm_new_link",
            f"/signatories/confirm/{w.confirm_link}/new-link/",
            (F("send", BOOL, "1", required=False),),
            group="signatories",
        ),
        Form(
            "manage_new_link",
            f"/signatories/manage/{w.manage_link}/new-link/",
            (F("send", BOOL, "1", required=False),),
            group="signatories",
        ),
        Form(
            "write_postcard",
            f"{summit}/postcards/write/",
            (
                F("ambition", TEXT, "A bus every 20 minutes to every town."),
                F("outcome", CHOICE, w.outcome_slug),
                F("first_name", TEXT, "Ada", required=False),
                F("district", CHOICE, "fenland", required=False),
                F("nickname", HONEYPOT),
            ),
            group="postcards",
        ),
        Form(
            "propose_session",
            f"{summit}/call/propose/",
            (
                F("title", TEXT, "Buses for every town"),
                F("abstract", TEXT, "How the fens got an evening service."),
                F("description", TEXT, "", required=False),
                F("session_type", CHOICE, "panel"),
                F("commitments", MULTI, w.commitment_ids[:1], required=False),
                F("audience", TEXT, "", required=False),
                F("access_needs", TEXT, "", required=False),
                F("organisation_type", CHOICE, "business", required=False),
                F("name", TEXT, "Mo Member"),
                F("pronouns", TEXT, "", required=False),
                F("role", TEXT, "", required=False),
                F("organisation", TEXT, "", required=False),
                F("bio", TEXT, "", required=False),
                F("co_speaker_1", EMAIL, "co@fuzz-partner.example", required=False),
                F("co_speaker_2", EMAIL, "", required=False),
                F("co_speaker_3", EMAIL, "", required=False),
            ),
            client="member",
            constant=(("action", "draft"),),
            group="proposals",
        ),
        Form(
            "propose",
            "/stories/propose/",
            (
                F("title", TEXT, "Buses double"),
                F("summary", TEXT, "Evening journeys doubled."),
                F("organisation", TEXT, "Fen Transport"),
                F("commitments", MULTI, w.commitment_ids[:1]),
                F("contact_name", TEXT, "Cy Example"),
                F("contact_email", EMAIL, "cy@example.org"),
                F("image", FILE, None, required=False),
                F("image_alt", TEXT, "", required=False),
                F("nickname", HONEYPOT),
            ),
            multipart=True,
            group="stories",
        ),
        Form(
            "checkin",
            f"/checkin/{w.summit_id}/",
            (F("reference", CHOICE, w.ada_reference),),
            client="door",
            group="door",
        ),
        Form(
            "checkin",
            f"/checkin/{w.summit_id}/",
            (F("attendee", CHOICE, str(w.ada_id)),),
            client="door",
            group="door",
        ),
        Form(
            "checkin",
            f"/checkin/{w.summit_id}/",
            (F("undo", CHOICE, str(w.check_in_id)),),
            client="door",
            group="door",
        ),
        Form(
            "ticket_agenda",
            f"/tickets/{w.manage_token}/agenda/",
            (F("session", CHOICE, str(w.workshop_id)), F("action", CHOICE, "star")),
            group="tickets",
        ),
        Form(
            "my_agenda",
            f"{summit}/my-agenda/",
            (F("session", CHOICE, str(w.workshop_id)), F("action", CHOICE, "star")),
            client="member",
            group="tickets",
        ),
        Form(
            "my_profile",
            "/accounts/speaker-profile/",
            (
                F("name", TEXT, "Sam Speaker"),
                F("pronouns", TEXT, "they/them", required=False),
                F("role", TEXT, "Director", required=False),
                F("organisation", TEXT, "Fen Trust", required=False),
                F("bio", TEXT, "Sam runs a community energy group.", required=False),
                F("photo", FILE, None, required=False),
                F("photo_alt_text", TEXT, "", required=False),
                F("link_1", URL, "https://example.org/sam", required=False),
                F("link_2", URL, "", required=False),
                F("link_3", URL, "", required=False),
                F("complete", CHOICE, "1"),
            ),
            client="member",
            multipart=True,
            group="accounts",
        ),
        Form(
            "feedback_survey",
            f"/feedback/{w.feedback_token}/",
            (
                F("overall", CHOICE, "4"),
                F(f"session_{w.rated_session_id}", CHOICE, "5", required=False),
                F("come_again", CHOICE, "yes"),
                F("comments", TEXT, "More time for questions.", required=False),
                F("show_name", BOOL, "", required=False),
            ),
            group="feedback",
        ),
        Form(
            "account_login",
            "/accounts/login/",
            (F("login", EMAIL, MEMBER_EMAIL), F("password", SECRET, DEFAULT_PASSWORD)),
            group="accounts",
        ),
        Form(
            "account_signup",
            "/accounts/signup/",
            (
                F("email", EMAIL, "newcomer@example.org"),
                F("password1", SECRET, "a-long-unusual-passphrase"),
                F("password2", SECRET, "a-long-unusual-passphrase"),
            ),
            group="accounts",
        ),
        Form(
            "account_reset_password",
            "/accounts/password/reset/",
            (F("email", EMAIL, MEMBER_EMAIL),),
            group="accounts",
        ),
        Form(
            "account_email",
            "/accounts/email/",
            (F("email", EMAIL, "second@example.org"),),
            constant=(("action_add", "1"),),
            client="member",
            group="accounts",
        ),
        Form(
            "account_change_password",
            "/accounts/password/change/",
            (
                F("oldpassword", SECRET, DEFAULT_PASSWORD),
                F("password1", SECRET, "a-long-unusual-passphrase"),
                F("password2", SECRET, "a-long-unusual-passphrase"),
            ),
            client="member",
            group="accounts",
        ),
        Form(
            "account_reauthenticate",
            "/accounts/reauthenticate/",
            (F("password", SECRET, DEFAULT_PASSWORD),),
            client="member",
            group="accounts",
        ),
        Form(
            "account_logout",
            "/accounts/logout/",
            (F("next", TEXT, "/", required=False),),
            client="member",
            group="accounts",
        ),
        Form(
            "mfa_reauthenticate",
            "/accounts/2fa/reauthenticate/",
            (F("code", TEXT, "123456"),),
            client="member",
            group="accounts",
        ),
        Form(
            "wagtailcore_login",
            "/_util/login/",
            (F("username", TEXT, "member"), F("password", SECRET, "wrong")),
            group="accounts",
        ),
    ]


def pages(w):
    summit = f"/summit/{w.summit_slug}"
    programme = ("type", "track", "commitment")
    return [
        Get("wagtail_serve", "/", ("page",), page_type="home.HomePage"),
        Get("wagtail_serve", w.about_path, page_type="home.StandardPage"),
        Get("wagtail_serve", "/summit/", page_type="events.SummitIndexPage"),
        Get("wagtail_serve", f"{summit}/", page_type="events.SummitPage"),
        Get(
            "wagtail_serve",
            "/showcase/",
            page_type="framework.CommitmentsShowcasePage",
        ),
        Get(
            "wagtail_serve",
            "/summit/speakers/",
            page_type="speakers.SpeakersIndexPage",
        ),
        Get("wagtail_serve", w.story_path, page_type="spotlights.SpotlightPage"),
        Get(
            "index",
            "/stories/",
            ("outcome", "commitment", "district", "organisation", "page"),
            page_type="spotlights.SpotlightIndexPage",
        ),
        Get(
            "register",
            "/signatories/",
            ("q", "organisation_type", "district", "commitment", "letter", "page"),
            page_type="signatories.SignatoryRegisterPage",
        ),
        Get("search", "/search/", ("q", "kind", "page")),
        Get("framework_json", "/api/framework.json"),
        Get("outcome", f"/showcase/{w.outcome_slug}/"),
        Get("commitment", f"/showcase/{w.outcome_slug}/{w.commitment_slug}/"),
        Get("speaker", f"/summit/speakers/{w.speaker_slug}/"),
        Get("programme", f"{summit}/programme/", programme),
        Get("programme_json", f"{summit}/programme/json/"),
        Get("programme_changes", f"{summit}/programme/changes/"),
        Get("programme_pdf", f"{summit}/programme/pdf/"),
        Get("programme_calendar", f"{summit}/programme/calendar/"),
        Get("calendar", f"{summit}/calendar/"),
        Get("session", f"{summit}/sessions/{w.session_slug}/"),
        Get("session_calendar", f"{summit}/sessions/{w.session_slug}/calendar/"),
        Get("speakers", f"{summit}/speakers/"),
        Get("book", f"{summit}/book/"),
        Get("book_details", f"{summit}/book/details/", client="chosen"),
        Get("book_review", f"{summit}/book/review/", client="detailed"),
        Get("book_invoice", f"{summit}/book/invoice/", client="invoicing"),
        Get("join_waiting_list", f"{summit}/book/waiting-list/{w.sold_out_id}/"),
        Get("find_ticket", "/tickets/find/"),
        Get("your_data_request", "/your-data/"),
        Get("your_data", f"/your-data/{make_link_token(MEMBER_EMAIL)}/", ("format",)),
        Get("my_data", "/accounts/data/", ("format",), client="member"),
        Get("ticket", f"/tickets/{w.manage_token}/"),
        Get("ticket_calendar", f"/tickets/{w.manage_token}/calendar/"),
        Get("ticket_agenda", f"/tickets/{w.manage_token}/agenda/"),
        Get("my_agenda", f"{summit}/my-agenda/", client="member"),
        Get("my_profile", "/accounts/speaker-profile/", client="member"),
        Get("attendee_calendar_feed", f"/tickets/feed/{w.calendar_token}/"),
        Get("edit_ticket", f"/tickets/{w.manage_token}/edit/"),
        Get("transfer_ticket", f"/tickets/{w.manage_token}/transfer/"),
        Get("cancel_ticket", f"/tickets/{w.manage_token}/cancel/"),
        Get("claim_place", f"/tickets/claim/{w.claim_token}/"),
        Get("waiting_list_entry", f"/tickets/waiting-list/{w.offered_token}/"),
        Get("manage_booking", f"/bookings/{w.order_token}/"),
        Get("cancel_booking_by_link", f"/bookings/{w.order_token}/cancel/"),
        Get("invoice_by_link", f"/bookings/{w.order_token}/invoice/"),
        Get("receipt_by_link", f"/bookings/{w.order_token}/receipt/"),
        Get("my_bookings", "/accounts/bookings/", client="member"),
        Get(
            "booking_detail",
            f"/accounts/bookings/{w.order_reference}/",
            client="member",
        ),
        Get(
            "cancel_booking",
            f"/accounts/bookings/{w.order_reference}/cancel/",
            client="member",
        ),
        Get(
            "booking_invoice",
            f"/accounts/bookings/{w.order_reference}/invoice/",
            client="member",
        ),
        Get(
            "booking_receipt",
            f"/accounts/bookings/{w.order_reference}/receipt/",
            client="member",
        ),
        Get("checkin_choose", "/checkin/"),
        Get("checkin_choose", "/checkin/", client="door"),
        Get("checkin", f"/checkin/{w.summit_id}/", ("q",), client="door"),
        Get(
            "checkin_tickets",
            f"/checkin/{w.summit_id}/tickets/",
            client="door",
        ),
        Get("checkin_tickets", f"/checkin/{w.summit_id}/tickets/"),
        Get("sign", "/signatories/sign/"),
        Get("check_email", "/signatories/sign/check-your-email/"),
        Get("awaiting_approval", "/signatories/sign/awaiting-approval/"),
        Get("confirm", f"/signatories/confirm/{w.confirm_link}/"),
        Get("request_link", "/signatories/manage/", ("organisation",)),
        Get("link_sent", "/signatories/manage/link-sent/"),
        Get("updated", "/signatories/manage/updated/"),
        Get("withdrawn", "/signatories/manage/withdrawn/"),
        Get("manage", f"/signatories/manage/{w.manage_link}/"),
        Get("update", f"/signatories/manage/{w.manage_link}/update/"),
        Get("withdraw", f"/signatories/manage/{w.manage_link}/withdraw/"),
        Get("yours", "/signatories/yours/", client="member"),
        Get(
            "account_update",
            f"/signatories/yours/{w.signatory_id}/update/",
            client="member",
        ),
        Get(
            "account_withdraw",
            f"/signatories/yours/{w.signatory_id}/withdraw/",
            client="member",
        ),
        Get("open_data_csv", "/signatories/register.csv"),
        Get("open_data_json", "/signatories/register.json"),
        Get("detail", f"/signatories/{w.signatory_slug}/"),
        Get("rss_feed", "/stories/feed/", ("commitment",)),
        Get("atom_feed", "/stories/feed/atom/", ("commitment",)),
        Get("postcard_short", f"/ambition/{w.summit_slug}/"),
        Get("postcards", f"{summit}/postcards/", ("outcome", "district", "page")),
        Get("write_postcard", f"{summit}/postcards/write/"),
        Get("postcard_on_wall", f"{summit}/postcards/write/on-the-wall/"),
        Get("postcard_held", f"{summit}/postcards/write/received/"),
        Get("postcard_screen", f"{summit}/postcards/screen/"),
        Get("postcards_csv", f"{summit}/postcards/postcards.csv"),
        Get("postcards_json", f"{summit}/postcards/postcards.json"),
        Get("feedback_survey", f"/feedback/{w.feedback_token}/"),
        Get("feedback_thanks", f"/feedback/{w.feedback_token}/thanks/"),
        Get("call_for_proposals", f"{summit}/call/"),
        Get("propose_session", f"{summit}/call/propose/", client="member"),
        Get("my_proposals", f"{summit}/call/proposals/", client="member"),
        Get("propose", "/stories/propose/"),
        Get("proposal_received", "/stories/propose/thanks/"),
        Get("sitemap.xml", "/sitemap.xml", ("p",)),
        Get("robots.txt", "/robots.txt"),
        Get("account_login", "/accounts/login/", ("next",)),
        Get("account_signup", "/accounts/signup/", ("next",)),
        Get("account_logout", "/accounts/logout/", client="member"),
        Get("account_inactive", "/accounts/inactive/"),
        Get(
            "account_reauthenticate",
            "/accounts/reauthenticate/",
            ("next",),
            client="member",
        ),
        Get("account_email", "/accounts/email/", client="member"),
        Get("account_email_verification_sent", "/accounts/confirm-email/"),
        Get("account_change_password", "/accounts/password/change/", client="member"),
        Get("account_set_password", "/accounts/password/set/", client="member"),
        Get("account_reset_password", "/accounts/password/reset/"),
        Get("account_reset_password_done", "/accounts/password/reset/done/"),
        Get(
            "account_reset_password_from_key_done", "/accounts/password/reset/key/done/"
        ),
        Get("wagtailcore_login", "/_util/login/", ("next",)),
        Get("mfa_index", "/accounts/2fa/", client="member"),
        Get("mfa_authenticate", "/accounts/2fa/authenticate/"),
        Get(
            "mfa_reauthenticate",
            "/accounts/2fa/reauthenticate/",
            ("next",),
            client="member",
        ),
        Get("mfa_activate_totp", "/accounts/2fa/totp/activate/", client="member"),
        Get("mfa_deactivate_totp", "/accounts/2fa/totp/deactivate/", client="member"),
        Get(
            "mfa_view_recovery_codes", "/accounts/2fa/recovery-codes/", client="member"
        ),
        Get(
            "mfa_generate_recovery_codes",
            "/accounts/2fa/recovery-codes/generate/",
            client="member",
        ),
        Get(
            "mfa_download_recovery_codes",
            "/accounts/2fa/recovery-codes/download/",
            client="member",
        ),
    ]


def routes(w):
    summit = f"/summit/{w.summit_slug}"
    post = ("GET", "POST")
    return [
        Route("wagtail_serve", "/{}/", "about"),
        Route("wagtail_serve", "/summit/{}/", w.summit_slug),
        Route("programme", "/summit/{}/programme/", w.summit_slug),
        Route("postcard_short", "/ambition/{}/", w.summit_slug),
        Route(
            "write_postcard", "/summit/{}/postcards/write/", w.summit_slug, methods=post
        ),
        Route("book", "/summit/{}/book/", w.summit_slug, methods=post),
        Route(
            "edit_proposal",
            f"{summit}/call/proposals/{{}}/",
            str(w.proposal_id),
            client="member",
        ),
        Route(
            "withdraw_proposal",
            f"{summit}/call/proposals/{{}}/withdraw/",
            str(w.proposal_id),
            client="member",
        ),
        Route(
            "answer_decision",
            f"{summit}/call/proposals/{{}}/answer/",
            str(w.proposal_id),
            client="member",
            methods=post,
        ),
        Route(
            "co_speaker",
            f"{summit}/call/co-speaker/{{}}/",
            w.invitation_token,
            client="member",
        ),
        Route("session", f"{summit}/sessions/{{}}/", w.session_slug),
        Route("session_calendar", f"{summit}/sessions/{{}}/calendar/", w.session_slug),
        Route("speaker", "/summit/speakers/{}/", w.speaker_slug),
        Route("outcome", "/showcase/{}/", w.outcome_slug),
        Route("commitment", f"/showcase/{w.outcome_slug}/{{}}/", w.commitment_slug),
        Route("book_done", f"{summit}/book/done/{{}}/", w.order_reference),
        Route(
            "join_waiting_list",
            f"{summit}/book/waiting-list/{{}}/",
            str(w.sold_out_id),
            methods=post,
        ),
        Route("ticket", "/tickets/{}/", w.manage_token),
        Route("ticket_calendar", "/tickets/{}/calendar/", w.manage_token),
        Route("ticket_agenda", "/tickets/{}/agenda/", w.manage_token, methods=post),
        Route(
            "my_agenda",
            "/summit/{}/my-agenda/",
            w.summit_slug,
            client="member",
            methods=post,
        ),
        Route("edit_ticket", "/tickets/{}/edit/", w.manage_token, methods=post),
        Route("transfer_ticket", "/tickets/{}/transfer/", w.manage_token, methods=post),
        Route("cancel_ticket", "/tickets/{}/cancel/", w.manage_token, methods=post),
        Route("claim_place", "/tickets/claim/{}/", w.claim_token, methods=post),
        Route("attendee_calendar_feed", "/tickets/feed/{}/", w.calendar_token),
        Route("feedback_survey", "/feedback/{}/", w.feedback_token, methods=post),
        Route("feedback_thanks", "/feedback/{}/thanks/", w.feedback_token),
        Route(
            "waiting_list_entry",
            "/tickets/waiting-list/{}/",
            w.offered_token,
            methods=post,
        ),
        Route("manage_booking", "/bookings/{}/", w.order_token, methods=post),
        Route(
            "cancel_booking_by_link",
            "/bookings/{}/cancel/",
            w.order_token,
            methods=post,
        ),
        Route("invoice_by_link", "/bookings/{}/invoice/", w.order_token),
        Route("receipt_by_link", "/bookings/{}/receipt/", w.order_token),
        Route(
            "booking_detail",
            "/accounts/bookings/{}/",
            w.order_reference,
            client="member",
        ),
        Route(
            "cancel_booking",
            "/accounts/bookings/{}/cancel/",
            w.order_reference,
            client="member",
            methods=post,
        ),
        Route(
            "booking_invoice",
            "/accounts/bookings/{}/invoice/",
            w.order_reference,
            client="member",
        ),
        Route(
            "booking_receipt",
            "/accounts/bookings/{}/receipt/",
            w.order_reference,
            client="member",
        ),
        Route("checkin", "/checkin/{}/", str(w.summit_id), client="door", methods=post),
        Route(
            "checkin_tickets", "/checkin/{}/tickets/", str(w.summit_id), client="door"
        ),
        Route("confirm", "/signatories/confirm/{}/", w.confirm_link, methods=post),
        Route(
            "confirm_new_link",
            "/signatories/confirm/{}/new-link/",
            w.confirm_link,
            methods=("POST",),
        ),
        Route("manage", "/signatories/manage/{}/", w.manage_link),
        Route("update", "/signatories/manage/{}/update/", w.manage_link, methods=post),
        Route(
            "withdraw", "/signatories/manage/{}/withdraw/", w.manage_link, methods=post
        ),
        Route(
            "manage_new_link",
            "/signatories/manage/{}/new-link/",
            w.manage_link,
            methods=("POST",),
        ),
        Route(
            "account_update",
            "/signatories/yours/{}/update/",
            str(w.signatory_id),
            client="member",
            methods=post,
        ),
        Route(
            "account_withdraw",
            "/signatories/yours/{}/withdraw/",
            str(w.signatory_id),
            client="member",
            methods=post,
        ),
        Route("detail", "/signatories/{}/", w.signatory_slug),
        Route(
            "account_confirm_email",
            "/accounts/confirm-email/{}/",
            "MQ:1abcde:xyz",
            methods=post,
        ),
        Route(
            "account_reset_password_from_key",
            "/accounts/password/reset/key/1-{}/",
            "set-password",
            methods=post,
        ),
        Route("wagtaildocs_serve", "/documents/{}/report.pdf", "1"),
        Route(
            "wagtaildocs_authenticate_with_password",
            "/documents/authenticate_with_password/{}/",
            "1",
            methods=post,
        ),
        Route(
            "wagtailcore_authenticate_with_password",
            "/_util/authenticate_with_password/{}/1/",
            "1",
            methods=post,
        ),
    ]


# The door's JSON endpoints: (url name, path suffix, the object it expects).
DOOR_APIS = [
    ("checkin_api", "check-in/", {"reference": "REF"}),
    ("checkin_api", "check-in/", {"payload": "x:y"}),
    ("checkin_api", "check-in/", {"attendee": 0, "via": "search"}),
    ("checkin_undo", "undo/", {"check_in": 0}),
]


def door_json(w, randomiser):
    """Hostile JSON to the door's endpoints, as check-in staff and as strangers."""
    probes = []
    base = f"/checkin/{w.summit_id}/"
    headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN, "HTTP_ACCEPT": "application/json"}

    def send(url_name, path, body, note, client="door"):
        raw = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        probes.append(
            Probe(
                "door",
                client,
                "POST",
                path,
                body=raw,
                content_type="application/json",
                headers=headers,
                refuse=True,
                note=f"{url_name}: {note}",
            )
        )

    for url_name, suffix, shape in DOOR_APIS:
        for name, body in hostile.JSON_BODIES:
            send(url_name, base + suffix, body, name)
        for key in shape:
            for value in _scalars(randomiser):
                body = json.dumps({**shape, key: value})
                send(url_name, base + suffix, body, f"{key}={_short(value)}")
        send(url_name, base + suffix, json.dumps(shape), "as a stranger", "anon")
        send(url_name, base + suffix, json.dumps(shape), "as a member", "member")
    scan = {
        "id": "scan-1",
        "scanned_at": "2026-06-01T10:00:00+00:00",
        "reference": "SA00-ZZZZ-9",
    }
    sync = base + "sync/"
    for name, body in hostile.JSON_BODIES:
        send("checkin_sync", sync, body, name)
    for key in ("id", "scanned_at", "payload", "reference"):
        for value in _scalars(randomiser):
            body = json.dumps({"scans": [{**scan, key: value}]})
            send("checkin_sync", sync, body, f"scan {key}={_short(value)}")
    for value in _scalars(randomiser):
        send(
            "checkin_sync", sync, json.dumps({"scans": value}), f"scans={_short(value)}"
        )
        send("checkin_sync", sync, json.dumps({"scans": [value]}), f"[{_short(value)}]")
    send("checkin_sync", sync, json.dumps({"scans": [scan] * 501}), "501 scans")
    send("checkin_sync", sync, json.dumps({"scans": [scan]}), "as a stranger", "anon")
    return probes


def _scalars(randomiser):
    """Where a scalar is expected: the values that broke things once, and a few
    more."""
    core, rest = hostile.json_scalars()[:5], hostile.json_scalars()[5:]
    return [*core, *randomiser.sample(rest, SAMPLED_JSON_SCALARS - len(core))]


def _short(value):
    text = repr(value)
    return text if len(text) < 40 else f"{text[:30]}…({len(text)})"


def _signed(body, *, secret=WEBHOOK_SECRET, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def webhook():
    """Stripe's endpoint: bad signatures on good events, and signed events of every
    wrong shape. Both must write nothing."""
    path = "/payments/stripe/webhook/"
    good = json.dumps(
        {
            "id": "evt_fuzz",
            "type": "checkout.session.completed",
            "data": {"object": {"id": "cs_test_fuzz"}},
        }
    ).encode()
    probes = []

    def send(body, signature, note, content_type="application/json"):
        headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
        probes.append(
            Probe(
                "webhook",
                "anon",
                "POST",
                path,
                body=body,
                content_type=content_type,
                headers=headers,
                refuse=True,
                note=note,
            )
        )

    for note, signature in [
        ("no signature", None),
        ("empty signature", ""),
        ("garbage signature", "garbage"),
        ("wrong secret", _signed(good, secret="whsec_other")),
        ("stale", _signed(good, timestamp=int(time.time()) - 3600)),
        ("NUL", "t=1,v1=\x00"),
        ("huge", "t=1,v1=" + "a" * 100_000),
        ("not a number", "t=x,v1=abc"),
        ("other body", _signed(b"{}")),
    ]:
        send(good, signature, f"webhook {note}")
        send(good, signature, f"webhook {note}, form-encoded", "text/plain")
    shapes = [
        *(body for _name, body in hostile.JSON_BODIES),
        *(
            json.dumps(event)
            for event in [
                {},
                {"id": "evt_1"},
                {"type": "checkout.session.completed"},
                {"id": None, "type": "charge.refunded", "data": {"object": {}}},
                {"id": 5, "type": "charge.refunded", "data": {"object": {"id": "c"}}},
                {"id": "e" * 300, "type": "charge.refunded", "data": {}},
                {"id": "evt_1", "type": "charge.refunded", "data": []},
                {"id": "evt_1", "type": "charge.refunded", "data": {"object": "x"}},
                {"id": "evt_1", "type": "charge.refunded", "data": {"object": {}}},
                {
                    "id": "evt_1",
                    "type": "charge.refunded",
                    "data": {"object": {"id": ["ch_1"]}},
                },
                {
                    "id": "evt_1",
                    "type": "checkout.session.completed",
                    "data": {"object": {"id": "cs\u0000x"}},
                },
                {
                    "id": "evt\u202e1",
                    "type": "checkout.session.completed",
                    "data": {"object": {"id": "cs_1"}},
                },
                {"id": "evt_1", "type": "a" * 200, "data": {"object": {}}},
                {"id": "evt_1", "type": 7, "data": {"object": {}}},
                {"id": "evt_1", "type": "x.y\u0000", "data": {"object": {}}},
            ]
        ),
    ]
    for body in shapes:
        raw = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        send(raw, _signed(raw), f"signed shape {raw[:60]!r}")
    return probes


def plan(w, *, seed=SEED):
    """Every probe, in a fixed order."""
    randomiser = random.Random(seed)
    probes = []
    for form in forms(w):
        probes.extend(_form_probes(form, randomiser))
    for get in pages(w):
        probes.extend(_page_probes(get, randomiser))
    for route in routes(w):
        probes.extend(_route_probes(route, randomiser))
    probes.extend(door_json(w, randomiser))
    probes.extend(webhook())
    return probes


def url_names(w):
    return (
        {form.url_name for form in forms(w)}
        | {get.url_name for get in pages(w)}
        | {route.url_name for route in routes(w)}
        | {url_name for url_name, _suffix, _shape in DOOR_APIS}
        | {"checkin_sync", "stripe_webhook"}
    )


def page_types(w):
    return {get.page_type for get in pages(w) if get.page_type}


# Probes of one form


def _refused(field, value):
    """Whether `field` must refuse `value`."""
    if value.name == "NUL" and field.kind not in (FILE, BOOL, SECRET):
        return True
    if field.kind == HONEYPOT:
        return not (isinstance(value.value, str) and not value.value.strip())
    if field.kind == SECRET:
        return False
    if value.name in ("empty", "spaces"):
        if not field.required:
            return False
        return value.value == "" or field.kind not in (BOOL, SECRET)
    return field.kind in value.refused_by


def _form_probes(form, randomiser):
    sampled = [v for v in hostile.VALUES if v.name not in ALWAYS]
    baseline = [(f, f.valid) for f in form.fields]
    group = form.group

    def probe(pairs, *, refuse, note, control=False, content_type=None, body=None):
        if body is None:
            body, content_type = _encode(form, pairs)
        headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN}
        return Probe(
            group,
            form.client,
            "POST",
            form.path,
            body=body,
            content_type=content_type,
            headers=headers,
            refuse=refuse,
            control=control,
            note=f"{form.url_name}: {note}",
        )

    probes = [probe(baseline, refuse=False, note="as filled in", control=True)]
    for target in form.fields:
        always = ALWAYS | ALWAYS_BY_KIND.get(target.kind, set())
        values = [v for v in hostile.VALUES if v.name in always]
        values += randomiser.sample(
            [v for v in sampled if v.name not in always], SAMPLED_PER_FIELD
        )
        for value in values:
            if target.kind == FILE:
                continue
            pairs = [(f, value.value if f is target else v) for f, v in baseline]
            refuse = _refused(target, value)
            if form.multipart and value.name == "NUL" and target.kind == BOOL:
                refuse = False  # a ticked box either way
            probes.append(
                probe(pairs, refuse=refuse, note=f"{target.name}={value.name}")
            )
        if target.kind == FILE:
            for name, filename, content_type, content in hostile.hostile_files():
                pairs = [
                    (f, (filename, content_type, content) if f is target else v)
                    for f, v in baseline
                ]
                # A picture needs its description.
                pairs = [
                    (f, "A picture" if f.name == "image_alt" else v) for f, v in pairs
                ]
                probes.append(probe(pairs, refuse=True, note=f"{target.name}={name}"))
            continue
        missing = [(f, v) for f, v in baseline if f is not target]
        probes.append(
            probe(
                missing,
                refuse=target.required and target.kind not in (HONEYPOT, SECRET),
                note=f"{target.name} missing",
            )
        )
        if target.kind == MULTI:
            twice = [*baseline, (target, "A" * 100_000)]
            probes.append(
                probe(
                    twice,
                    refuse=_refused(target, hostile.VALUES[1]),
                    note=f"{target.name} twice, the second 100k long",
                )
            )
    # The envelope: another charset, a broken multipart body, the wrong type.
    for charset in ("latin-1", "utf-7", "utf-16", "nonsense"):
        body, content_type = _encode(form, baseline)
        probes.append(
            probe(
                None,
                refuse=True,
                note=f"charset={charset}",
                body=body,
                content_type=f"{content_type}; charset={charset}",
            )
        )
    body, content_type = _encode(form, baseline)
    probes.append(
        probe(
            None,
            refuse=any(f.required for f in form.fields) or form.multipart,
            note="sent as JSON",
            body=body,
            content_type="application/json",
        )
    )
    if form.multipart:
        for note, broken in [
            ("truncated", body[: len(body) // 2]),
            ("no boundary", body.replace(BOUNDARY.encode(), b"x")),
            ("garbage", b"\xff" * 5000),
        ]:
            probes.append(
                probe(
                    None, refuse=True, note=note, body=broken, content_type=content_type
                )
            )
        probes.append(
            probe(
                None,
                refuse=True,
                note="multipart without a boundary",
                body=body,
                content_type="multipart/form-data",
            )
        )
    return probes


def _encode(form, pairs):
    """(body, content type) of the form's fields `pairs` (list values repeat the key),
    with its CSRF token and buttons."""
    flat = [("csrfmiddlewaretoken", CSRF_TOKEN), *form.constant]
    files = []
    for f, value in pairs:
        if isinstance(f, F) and f.kind == FILE:
            if isinstance(value, tuple):
                files.append((f.name, value))
            continue
        name = f.name if isinstance(f, F) else f
        for each in value if isinstance(value, list) else [value]:
            flat.append((name, each))
    if not form.multipart:
        return urlencode(flat).encode("ascii"), "application/x-www-form-urlencoded"
    parts = []
    for name, value in flat:
        raw = value if isinstance(value, bytes) else value.encode("utf-8")
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + raw
            + b"\r\n"
        )
    for name, (filename, content_type, content) in files:
        parts.append(
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode("utf-8", "surrogateescape")
            + content
            + b"\r\n"
        )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={BOUNDARY}"


# Probes of one page or feed


QUERY_VALUES = [
    v
    for v in hostile.VALUES
    if v.name
    in {
        "NUL",
        "100k characters",
        "invalid UTF-8",
        "percent garbage",
        "SQL",
        "HTML",
        "template",
        "negative",
        "huge number",
        "NaN",
        "RTL override",
        "path traversal",
        "latest date",
    }
]


def _page_probes(get, randomiser):
    probes = []

    def probe(query, note, method="GET"):
        probes.append(
            Probe(
                get.group,
                get.client,
                method,
                get.path,
                query=query,
                headers={"HTTP_X_CSRFTOKEN": CSRF_TOKEN},
                refuse=True,
                note=f"{get.url_name}: {note}",
            )
        )

    probe("", "plain")
    for param in (*get.params, "utm_source"):
        count = SAMPLED_PER_PARAMETER if param in get.params else 1
        for value in [QUERY_VALUES[0], *randomiser.sample(QUERY_VALUES[1:], count)]:
            probe(urlencode([(param, value.value)]), f"{param}={value.name}")
        if param in get.params:
            probe(urlencode([(param, "a"), (param, "b")]), f"{param} twice")
    probe("%zz=%ff&&&=&a[]=1&a[b]=2&" + "x=1&" * 2000, "mangled query")
    return probes


def _route_probes(route, randomiser):
    probes = []
    token = f"{randomiser.getrandbits(128):032x}"
    parts = randomiser.sample(hostile.PATH_VALUES, SAMPLED_PATH_VALUES)
    for part in [token, *parts]:
        path = route.template.format(part)
        for method in route.methods:
            probes.append(
                Probe(
                    route.group,
                    route.client,
                    method,
                    path,
                    body=urlencode([("csrfmiddlewaretoken", CSRF_TOKEN)]).encode()
                    if method == "POST"
                    else b"",
                    content_type="application/x-www-form-urlencoded"
                    if method == "POST"
                    else None,
                    headers={"HTTP_X_CSRFTOKEN": CSRF_TOKEN},
                    refuse=True,
                    note=f"{route.url_name}: part {part[:20]!r}",
                )
            )
    # The real value, in another case and with a trailing dot: still nobody's.
    swapped = quote(route.real.swapcase() + ".", safe=":")
    probes.append(
        Probe(
            route.group,
            route.client,
            "GET",
            route.template.format(swapped),
            refuse=True,
            note=f"{route.url_name}: swapped case",
        )
    )
    return probes
