"""Addresses on the public site, for what leaves it: emails, calendar feeds, QR
codes, open data and shared links all point at `SITE_URL`, never at whichever host
a request happened to come in on."""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(path):
    """`path` on the public site (`SITE_URL`)."""
    return urljoin(settings.SITE_URL + "/", path)


def webcal_url(path):
    """`path` on the public site as a webcal:// link, which calendar apps subscribe
    to rather than import once."""
    return "webcal://" + absolute_url(path).split("://", 1)[1]
