"""The order badges come in (events/organising/badges.py: `badge_order`); the PDFs
themselves are read back in tests/events/test_pdf.py."""

from events.models import Attendee, Order
from events.organising.badges import badge_order


def test_badges_file_common_forms_of_a_name_under_the_surname():
    names = [
        "Zed Smith",
        "Paul Page",
        "",  # No name yet: shown as "Unnamed place".
        "Smith, Jane",
        "Mary O'Brien",
        "John Smith Jr.",
        "Jane Smith (she/her)",
        "Adam Young III",
        "Ann Smith ",
        "Cher",
    ]
    order = Order(reference="SA26-TEST")
    places = [
        Attendee(name=name, order=order, number=number)
        for number, name in enumerate(names, start=1)
    ]

    assert [place.display_name for place in badge_order(places)] == [
        "Cher",
        "Mary O'Brien",
        "Paul Page",
        "Ann Smith ",
        "Jane Smith (she/her)",
        "Smith, Jane",
        "John Smith Jr.",
        "Zed Smith",
        "Adam Young III",
        "Unnamed place",
    ]
