"""How we tell that two signatures come from the same organisation."""

import re
import unicodedata
from urllib.parse import urlsplit

# Words that vary between two spellings of one organisation's name.
NOISE_WORDS = {
    "the",
    "ltd",
    "limited",
    "plc",
    "llp",
    "cic",
    "inc",
    "co",
    "uk",
}
# Hosts shared by many organisations (their pages differ only by path), so a
# matching host says nothing about being the same organisation.
SHARED_HOSTS = {
    "facebook.com",
    "instagram.com",
    "linkedin.com",
    "x.com",
    "twitter.com",
    "youtube.com",
    "tiktok.com",
    "sites.google.com",
    "linktr.ee",
}


def normalise_name(name):
    """'The Fenland Trust Ltd.' and 'fenland trust' both become 'fenland trust'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    kept = [word for word in words if word not in NOISE_WORDS]
    return " ".join(kept or words)


def website_domain(url):
    """The host of a website address without 'www.', or '' when it can't identify one."""
    if not url:
        return ""
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # a malformed address (bad brackets, say) names no host
        return ""
    host = host.removeprefix("www.").rstrip(".")
    if "." not in host or host in SHARED_HOSTS:
        return ""
    return host
