"""The door on a phone: the demo check-in account checks a demo attendee in by
reference and is told "already checked in" the second time; then the wifi fails,
the page carries on from the device's copy of the list, and the queued scans sync
when the connection returns. Axe checks the page with each kind of answer."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from events.choices import AttendeeStatus, CheckInSource
from events.models import Attendee, CheckIn, SummitPage
from home.demo import DEMO_PASSWORD
from tests.browser.helpers import assert_accessible, wait_until
from tests.seeding import seed_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport():
    from tests.browser.conftest import VIEWPORTS

    return VIEWPORTS["phone"]


@pytest.fixture
def demo(db):
    seed_demo()
    summit = SummitPage.objects.order_by("-start").first()
    waiting = list(
        Attendee.objects.filter(
            summit=summit, status=AttendeeStatus.CONFIRMED, email__gt=""
        )
        .exclude(check_ins__isnull=False)
        .select_related("order", "ticket_type")
        .order_by("name")[:3]
    )
    return summit, waiting


def _open_door(page, summit):
    page.goto("/checkin/")
    page.get_by_label("Email").fill("checkin@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/checkin/{summit.pk}/$"))
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    # The device's copy of the ticket list is in place once the status says so.
    expect(page.locator("[data-connection]")).to_have_text("Online. All scans synced.")
    wait_until(page, f"localStorage.getItem('checkin:{summit.pk}:tickets') !== null")


def _type_reference(page, reference):
    page.get_by_label("Ticket reference").fill(reference)
    page.get_by_role("button", name="Check in", exact=True).click()


def test_staff_check_a_demo_attendee_in_by_reference(page, demo):
    summit, (attendee, *_others) = demo
    _open_door(page, summit)
    assert_accessible(page)
    answer = page.locator("[data-answer]")

    _type_reference(page, attendee.reference.lower())

    expect(answer).to_contain_text("Checked in")
    expect(answer).to_contain_text(attendee.name)
    expect(answer).to_contain_text(attendee.ticket_type.name)
    assert_accessible(page)

    _type_reference(page, attendee.reference)

    expect(answer).to_contain_text("Already checked in")
    expect(answer).to_contain_text("by Checkin (demo)")
    assert_accessible(page)
    assert CheckIn.objects.filter(attendee=attendee).count() == 1

    _type_reference(page, "SA26-ZZZZ-9")

    expect(answer).to_contain_text("Ticket not recognised")
    assert_accessible(page)


def test_door_keeps_working_offline_and_syncs_when_back(page, demo):
    summit, (first, second, third) = demo
    _open_door(page, summit)
    status = page.locator("[data-connection]")
    answer = page.locator("[data-answer]")

    page.context.set_offline(True)
    expect(status).to_contain_text("Offline")
    _type_reference(page, first.reference)

    expect(answer).to_contain_text("Checked in")
    expect(answer).to_contain_text("Saved on this device")
    expect(status).to_contain_text("1 scan waiting to sync.")

    searchbox = page.get_by_role("searchbox", name="Name or organisation")
    search_status = page.locator("[data-search-status][role=status]")
    searchbox.fill("Nobody By This Name")
    expect(search_status).to_have_text("Nobody booked matches “Nobody By This Name”.")
    searchbox.fill(second.name)
    expect(search_status).to_have_text(
        re.compile(r"^(1 person matches|\d+ people match)")
    )
    page.get_by_role("button", name=f"Check in {second.name}").first.click()

    expect(answer).to_contain_text(second.name)
    expect(status).to_contain_text("2 scans waiting to sync.")
    _type_reference(page, first.reference)
    expect(answer).to_contain_text("Already checked in")
    assert_accessible(page)
    assert not CheckIn.objects.filter(attendee__in=[first, second]).exists()

    page.context.set_offline(False)

    expect(status).to_have_text("Online. All scans synced.", timeout=20_000)
    synced = CheckIn.objects.filter(attendee__in=[first, second])
    assert synced.count() == 2
    assert set(synced.values_list("source", flat=True)) == {CheckInSource.OFFLINE}

    _type_reference(page, third.reference)
    # Wait for this answer: the last one ("Already checked in") matches "Checked in".
    expect(answer).to_contain_text(third.name)
    expect(answer.locator(".checkin-answer__title")).to_have_text("✓ Checked in")
    expect(answer).not_to_contain_text("Saved on this device")
    assert CheckIn.objects.filter(attendee=third).exists()


def test_door_page_opens_offline_from_its_service_worker(page, demo):
    summit, (attendee, *_others) = demo
    _open_door(page, summit)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    page.reload()  # now through the worker, which keeps a copy
    page.wait_for_load_state()

    page.context.set_offline(True)
    page.reload()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    expect(page.locator("[data-connection]")).to_contain_text("Offline")
    _type_reference(page, attendee.reference)
    expect(page.locator("[data-answer]")).to_contain_text("Saved on this device")
    assert_accessible(page)


def _stored_checkin_keys(page):
    return page.evaluate(
        "Object.keys(localStorage).filter(key => key.startsWith('checkin:')).sort()"
    )


def test_a_429_is_answered_from_the_devices_copy(page, demo):
    summit, (attendee, *_others) = demo
    _open_door(page, summit)
    page.route(
        f"**/checkin/{summit.pk}/check-in/",
        lambda route: route.fulfill(status=429, json={"error": "Too many requests"}),
    )

    _type_reference(page, attendee.reference)

    answer = page.locator("[data-answer]")
    expect(answer).to_contain_text("Saved on this device")
    expect(answer).to_contain_text(attendee.name)
    expect(page.locator("[data-connection]")).to_contain_text("1 scan waiting")


def test_the_devices_copy_goes_when_the_door_closes_or_access_is_withdrawn(page, demo):
    summit, (attendee, *_others) = demo
    _open_door(page, summit)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    page.evaluate(
        """localStorage.setItem('checkin:1:tickets', JSON.stringify(
               {door_closes: '2020-01-02T09:00:00+00:00', places: []}));
           localStorage.setItem('checkin:1:queue', '[]');"""
    )
    page.reload()  # through the worker, which keeps a copy of the page
    expect(page.locator("[data-connection]")).to_have_text("Online. All scans synced.")
    # The summit long past is gone; this one's copy stays.
    assert _stored_checkin_keys(page) == [
        f"checkin:{summit.pk}:queue",
        f"checkin:{summit.pk}:tickets",
    ]
    wait_until(page, "caches.keys().then(names => names.includes('checkin-v1'))")

    door_user = User.objects.get(email="checkin@example.org")
    door_user.groups.clear()
    door_user.user_permissions.clear()
    _type_reference(page, attendee.reference)

    expect(page.locator("[data-answer]")).to_contain_text("Forbidden")
    wait_until(
        page, "!Object.keys(localStorage).some(key => key.startsWith('checkin:'))"
    )
    wait_until(
        page,
        "caches.keys().then(names => !names.some(name => name.startsWith('checkin-')))",
    )
