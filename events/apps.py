from django.apps import AppConfig

from home import page_cache, personal_data


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Summits and registration"

    def ready(self):
        # Imported when the app is ready: importing registers the receivers.
        from . import personal_data as holders
        from . import retention
        from .booking import email_texts, signals  # noqa: F401
        from .clock import next_change
        from .feedback import email_texts as feedback_email_texts
        from .feedback import retention as feedback_retention
        from .payments import email_texts as payment_email_texts
        from .postcards import retention as postcard_retention
        from .programme import email_texts as programme_email_texts
        from .programme import signals as programme_signals  # noqa: F401
        from .proposals import email_texts as proposal_email_texts
        from .proposals import personal_data as proposal_holders
        from .proposals import retention as proposal_retention

        page_cache.watch_models(self.get_models())
        page_cache.register_clock(next_change)
        retention.register_rules()
        postcard_retention.register_rules()
        email_texts.register_emails()
        feedback_email_texts.register_emails()
        proposal_email_texts.register_emails()
        programme_email_texts.register_emails()
        payment_email_texts.register_emails()
        feedback_retention.register_rules()
        proposal_retention.register_rules()
        personal_data.register(*holders.HOLDERS, *proposal_holders.HOLDERS)
