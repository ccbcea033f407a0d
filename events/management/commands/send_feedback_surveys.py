from django.core.management.base import BaseCommand

from events.feedback.jobs import send_feedback_surveys


class Command(BaseCommand):
    help = (
        "Email each attendee of a summit that has ended their feedback survey link, "
        "from 08:00 UK time the day after (once per place, ever). Safe to run as "
        "often as you like; schedule it hourly."
    )

    def handle(self, *args, **options):
        made, sent, failed = send_feedback_surveys()
        self.stdout.write(
            f"Feedback surveys: {made} links made, {sent} emails sent, {failed} failed."
        )
