from django_tasks import task

from .emails import send_signatory_email as send


@task()
def send_signatory_email(*, signatory_id, kind, **extra):
    send(signatory_id=signatory_id, kind=kind, **extra)
