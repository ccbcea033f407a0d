"""The email backend of the task workers `test_tasks.py` starts as processes: it
marks that it is sending, waits `SLOW_EMAIL_SECONDS`, then writes each message to a
file in `SLOW_EMAIL_DIR`, so a test can kill a worker in the middle of a send."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["SLOW_EMAIL_DIR"])
        (folder / f"sending-{os.getpid()}").touch()
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0")))
        for message in email_messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(
                message.message().as_bytes()
            )
        return len(email_messages)
