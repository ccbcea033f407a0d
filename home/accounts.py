"""People's accounts as the rest of the site sees them."""

from allauth.account.models import EmailAddress


def has_verified_account(user):
    """Whether `user` is signed in with their address proved (allauth)."""
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    )


def user_display(user):
    """How allauth names someone on its pages and messages: their name, else their
    email address; never the internal username."""
    return user.get_full_name() or user.email
