import pytest

from events.postcards.suspect import suspect_reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("See https://example.org for more", "a web address"),
        ("go to www.fen-energy.co.uk now", "a web address"),
        ("fenenergy.org has the plan", "a web address"),
        ("write to ada@example.org", "an email address"),
        ("ring 01234 567890", "a phone number"),
        ("ring +44 (0)1234-567-890", "a phone number"),
        ("Fix the Fucking buses", "a word on the profanity list"),
        ("no more SHIT roads", "a word on the profanity list"),
    ],
)
def test_a_suspect_card_says_why(text, reason):
    assert reason in suspect_reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        # The Scunthorpe problem: words inside other words never match.
        "Scunthorpe, Penistone and Cockfosters are not in the region",
        "Essex and Middlesex too; cocktails at the Shittington fete",
        "Dickens would have loved a bus to Wisbech",
        # Numbers people write: years, counts, money, a short percentage.
        "500 homes by 2050, £1.5m a year, 20% fewer cars, 1 in 4 children",
        "An ambition. Another sentence.Then one without a space",
    ],
)
def test_a_clean_card_raises_nothing(text):
    assert suspect_reasons(text) == []


def test_the_first_name_is_checked_too():
    assert suspect_reasons("Buses for all", "www.spam.com") == ["a web address"]
