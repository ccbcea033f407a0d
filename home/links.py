"""Addresses on the public site, for what leaves it: emails, calendar feeds, QR
codes, open data and shared links all point at `SITE_URL`, never at whichever host
a request happened to come in on."""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def absolute_url(path):
    """`path` on the public site (`SITE_URL`)."""
    return urljoin(settings.SITE_URL + "/", path)


def webcal_url(path):
    """`path` on the public site as a webcal:// link, which calendar apps subscribe
    to rather than import once."""
    return "webcal://" + absolute_url(path).split("://", 1)[1]


def site_host_and_port():
    """`SITE_URL`'s host name and port, as Wagtail's Site record holds them (80 for
    http and 443 for https when the address names no port)."""
    address = urlsplit(settings.SITE_URL)
    return address.hostname or "", address.port or (
        443 if address.scheme == "https" else 80
    )
