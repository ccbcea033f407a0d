"""How every process logs: one line per record with its time, level and logger, as
text or (`LOG_FORMAT=json`) one JSON object per line, with secret links redacted
(`home.log_filters`). Django's `LOGGING` and gunicorn's `logconfig_dict` are both
built here, so the web server's access log reads like the site's own lines."""

import json
import logging
import logging.config
from datetime import UTC, datetime

LOG_FORMATS = ("plain", "json")
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
PLAIN_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback is one escaped field)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class QuietDisallowedHost(logging.Filter):
    """A request for a host the site doesn't serve is scanners' noise, not a
    server error: one WARNING line without a traceback, and no email to admins."""

    def filter(self, record):
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True


def _formatters_and_filters(log_format):
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}.")
    return {
        "formatters": {
            "plain": {"format": PLAIN_FORMAT, "datefmt": PLAIN_DATE_FORMAT},
            "json": {"()": "home.logs.JsonFormatter"},
        },
        "filters": {
            # Secret links (tickets, bookings, manage links, account keys) never
            # reach the logs, whichever handler writes them.
            "redact_secret_links": {"()": "home.log_filters.RedactSecretLinks"},
            "quiet_disallowed_host": {"()": "home.logs.QuietDisallowedHost"},
        },
    }


def _console(log_format):
    return {
        "class": "logging.StreamHandler",
        "formatter": log_format,
        "filters": ["redact_secret_links"],
    }


def django_logging(*, level="INFO", log_format="plain"):
    """Django's `LOGGING`: everything to the console, errors also emailed to
    `ADMINS` when `DEBUG` is off (as Django does by default)."""
    config = _formatters_and_filters(log_format)
    config["filters"]["require_debug_false"] = {
        "()": "django.utils.log.RequireDebugFalse"
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        **config,
        "handlers": {
            "console": _console(log_format),
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false", "redact_secret_links"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Replaces Django's own handlers for these, which write bare messages.
            "django": {"handlers": ["mail_admins"], "level": "INFO"},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
            "django.request": {"level": "ERROR"},
            "django.security.DisallowedHost": {"filters": ["quiet_disallowed_host"]},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
            # WeasyPrint logs each step and page of every PDF (events/pdf.py) at INFO.
            "weasyprint": {"level": "WARNING"},
        },
    }


def configure_logging(config):
    """Django's `LOGGING_CONFIG`: Python's warnings are logged too, so they are
    lines in the same format (as `py.warnings`), not bare text."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


def gunicorn_logging(*, level="INFO", log_format="plain"):
    """gunicorn's `logconfig_dict`: its error and access logs in the same format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        **_formatters_and_filters(log_format),
        "handlers": {"console": _console(log_format)},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["console"],
                "level": level,
                "propagate": False,
            },
            "gunicorn.access": {
                "handlers": ["console"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
