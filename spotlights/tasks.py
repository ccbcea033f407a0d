from django_tasks import task

from .emails import send_proposal_notification


@task()
def notify_editors_of_proposal(proposal_id):
    send_proposal_notification(proposal_id=proposal_id)
