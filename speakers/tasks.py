from django_tasks import task

from .emails import send_profile_change_email as send


@task()
def send_profile_change_email(*, change_id):
    send(change_id=change_id)
