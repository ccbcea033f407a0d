from django_tasks import task

from .emails import send_signatory_email as send


@task(takes_context=True)
def send_signatory_email(context, *, signatory_id, kind, **extra):
    send(
        signatory_id=signatory_id,
        kind=kind,
        request_id=context.task_result.id,
        **extra,
    )
