from django.urls import reverse
from django_tasks import task

from .data_requests import LINK_MAX_AGE, make_link_token
from .emails import send_templated_email_once
from .links import absolute_url


@task(takes_context=True)
def send_data_link_email(context, email):
    """Someone asked to see the data we hold about `email`: the link goes to that
    address only, so only its owner opens it. Each request is answered once."""
    send_templated_email_once(
        key=f"data-link:{context.task_result.id}",
        template="home/emails/data_link",
        context={
            "url": absolute_url(reverse("your_data", args=[make_link_token(email)])),
            "hours": int(LINK_MAX_AGE.total_seconds() // 3600),
        },
        to=[email],
    )
