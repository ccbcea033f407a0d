from django_tasks import task


@task()
def notify_editors_of_proposal(proposal_id):
    from .services import send_proposal_notification

    send_proposal_notification(proposal_id=proposal_id)
