"""The demo staff logins (home/demo.py): one per role, Reviewers included."""

from django.contrib.auth.models import User

from home.demo import DEMO_PASSWORD, seed_accounts


def test_the_demo_reviewer_signs_in_as_a_reviewer(db, settings, client):
    settings.DEBUG = True

    assert seed_accounts()

    reviewer = User.objects.get(email="reviewer@example.org")
    assert reviewer.is_staff
    assert list(reviewer.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert client.login(username="reviewer@example.org", password=DEMO_PASSWORD)
