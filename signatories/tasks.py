from django_tasks import task


@task()
def send_signatory_email(*, signatory_id, kind, **extra):
    from .emails import send_signatory_email as send

    send(signatory_id=signatory_id, kind=kind, **extra)
