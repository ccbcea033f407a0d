"""A visitor as the benchmarks need one: a fresh cookie session, every request a
browser makes (redirects followed one request at a time), forms read from the page
and posted back with their hidden fields and CSRF token, as a browser submits them.

Requests go to the site's gunicorn on a loopback port with the headers nginx adds
in production (`harness.PROXY_HEADERS`) and the visitor's own address in
X-Forwarded-For (a made-up 127.x address, so per-address rate limits count each
visitor apart, as they would behind the real proxy). Cookies are marked Secure in
production; over this plain loopback connection they are sent back by hand.
"""

import itertools
import threading
from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests

from .harness import HOST, PROXY_HEADERS

_addresses = itertools.count(1)
_addresses_lock = threading.Lock()


def new_address():
    """A distinct client address per visitor: 127.1.0.1, 127.1.0.2, ..."""
    with _addresses_lock:
        number = next(_addresses)
    return f"127.{1 + number // 65536 % 254}.{number // 256 % 256}.{number % 256}"


class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.multipart = attrs.get("enctype") == "multipart/form-data"
        self.fields = []  # dicts: tag, type, name, value, checked, options
        self.buttons = []  # dicts: name, value, text

    def names(self):
        return {field["name"] for field in self.fields}

    def options(self, name):
        """The values a radio, checkbox or select field `name` offers."""
        values = []
        for field in self.fields:
            if field["name"] != name:
                continue
            if field["tag"] == "select":
                values += [value for value, _selected in field["options"]]
            else:
                values.append(field["value"])
        return values

    def data(self, button=None, **chosen):
        """(name, value) pairs a browser sends, clicking the submit button whose
        text contains `button` (none named: the first). `chosen` sets fields by
        name: a list for several checkboxes, "" or None to leave one unchecked."""
        pairs = []
        for field in self.fields:
            name, kind = field["name"], field["type"]
            if kind == "file":
                continue
            if name in chosen:
                continue
            if kind in ("checkbox", "radio"):
                if field["checked"]:
                    pairs.append((name, field["value"] or "on"))
            elif field["tag"] == "select":
                selected = [value for value, chosen_ in field["options"] if chosen_]
                first = field["options"][:1]
                pairs += [(name, value) for value in selected] or [
                    (name, value) for value, _ in first
                ]
            else:
                pairs.append((name, field["value"]))
        for name, value in chosen.items():
            values = value if isinstance(value, list | tuple) else [value]
            pairs += [(name, str(item)) for item in values if item not in (None, "")]
        clicked = next(
            (b for b in self.buttons if button is None or button in b["text"]), None
        )
        if clicked is None:
            raise LookupError(f"no button {button!r} in the form")
        if clicked["name"]:
            pairs.append((clicked["name"], clicked["value"]))
        return pairs


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.field = None  # the textarea, select or button being read

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image"):
                self.form.buttons.append(
                    {
                        "name": attrs["name"],
                        "value": attrs.get("value", ""),
                        "text": attrs.get("value", ""),
                    }
                )
                return
            self.form.fields.append(
                {
                    "tag": "input",
                    "type": kind,
                    "name": attrs["name"],
                    "value": attrs.get("value", ""),
                    "checked": "checked" in attrs,
                }
            )
        elif tag == "textarea" and attrs.get("name"):
            self.field = {
                "tag": "textarea",
                "type": "textarea",
                "name": attrs["name"],
                "value": "",
                "checked": False,
            }
            self.form.fields.append(self.field)
        elif tag == "select" and attrs.get("name"):
            self.field = {
                "tag": "select",
                "type": "select",
                "name": attrs["name"],
                "value": "",
                "checked": False,
                "options": [],
            }
            self.form.fields.append(self.field)
        elif tag == "option" and self.field and self.field["tag"] == "select":
            self.field["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.field = {
                "tag": "button",
                "name": attrs.get("name", ""),
                "value": attrs.get("value", ""),
                "text": "",
            }
            self.form.buttons.append(self.field)

    def handle_data(self, data):
        if self.field and self.field["tag"] in ("textarea", "button"):
            key = "value" if self.field["tag"] == "textarea" else "text"
            self.field[key] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        if tag in ("textarea", "select", "button"):
            self.field = None


def forms(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html, name):
    """The first form on the page with a field called `name`."""
    for form in forms(html):
        if name in form.names():
            return form
    raise LookupError(f"no form with a field {name!r}")


class UnexpectedAnswer(Exception):
    def __init__(self, response, what):
        super().__init__(f"{what}: {response.status_code} for {response.url}")
        self.response = response


class Browser:
    """One visitor: its cookies, its address, the requests it has made."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}
        self.requests = 0
        self.headers = {
            **PROXY_HEADERS,
            "X-Forwarded-For": new_address(),
            "User-Agent": "Mozilla/5.0 (benchmark; shared-ambition)",
            "Accept": "text/html,application/xhtml+xml",
            "Accept-Language": "en-GB,en;q=0.9",
        }

    def _send(self, method, path, **kwargs):
        headers = dict(self.headers)
        if method == "POST":
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        response = requests.request(
            method,
            f"{self.server.url}{path}",
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.requests += 1
        self.cookies.update(response.cookies.get_dict())
        return response

    def go(self, method, path, **kwargs):
        """One request, then each redirect it leads to, as a browser follows them;
        returns the last answer with `.path` (where it ended) set."""
        response = self._send(method, path, **kwargs)
        for _ in range(10):
            if response.status_code not in (301, 302, 303, 307, 308):
                break
            location = urlsplit(response.headers["Location"])
            if location.netloc and location.netloc != HOST:
                raise UnexpectedAnswer(response, "redirect off the site")
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self._send("GET", path)
        response.path = path
        return response

    def get(self, path, expect=200):
        response = self.go("GET", path)
        if expect and response.status_code != expect:
            raise UnexpectedAnswer(response, f"GET {path}")
        return response

    def submit(self, page, form, *, button=None, files=None, **chosen):
        """Post `form` (read from `page`, an answer) as clicking `button` does."""
        action = form.action or page.path
        data = form.data(button, **chosen)
        if form.multipart:
            # A browser sends a multipart body, with an empty part for an empty
            # file field.
            parts = [(name, (None, value)) for name, value in data]
            for field in form.fields:
                if field["type"] == "file":
                    parts.append((field["name"], ("", b"", "application/octet-stream")))
            return self.go("POST", action, files=parts)
        return self.go("POST", action, data=data, files=files)
