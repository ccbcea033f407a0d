#!/usr/bin/env python
"""Django's command line. Production settings unless told otherwise, so a command
run on a server (collectstatic, a scheduled job) never quietly uses development
settings; `make run` and `make test` name theirs. A `.env` file beside this one, if
present, fills in environment variables that aren't already set (docs/settings.md).
"""

import os
import sys
from pathlib import Path

from dotenv import load_dotenv

if __name__ == "__main__":
    load_dotenv(Path(__file__).resolve().parent / ".env", override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.production")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
