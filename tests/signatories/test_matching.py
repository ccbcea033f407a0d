import pytest

from signatories.matching import normalise_name, website_domain


@pytest.mark.parametrize(
    "name",
    [
        "Fenland Community Energy",
        "The Fenland Community Energy Ltd.",
        "FENLAND  community-energy",
        "Fenland Community Energy Limited",
    ],
)
def test_spellings_of_one_name_normalise_alike(name):
    assert normalise_name(name) == "fenland community energy"


def test_ampersand_and_accents_normalise():
    assert normalise_name("Arts & Crafts Café") == normalise_name(
        "Arts and Crafts Cafe"
    )


def test_a_name_of_noise_words_keeps_them():
    assert normalise_name("The Co") == "the co"


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.Example.org/about", "example.org"),
        ("http://example.org.", "example.org"),
        ("example.org/path", "example.org"),
        ("https://fenland.example.org", "fenland.example.org"),
        ("https://www.facebook.com/fenland", ""),
        ("https://localhost/", ""),
        ("", ""),
        # Malformed addresses name no host (and never fail).
        ("x@[127.0.0.1]", ""),
        ("http://[::1", ""),
        ("[abc]", ""),
    ],
)
def test_website_domain(url, domain):
    assert website_domain(url) == domain
