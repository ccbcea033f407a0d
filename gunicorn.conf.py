"""gunicorn's settings for the web process: `gunicorn site_config.wsgi` run from the
project folder reads this file (deploy/systemd/shared-ambition-web.service does).
Every value comes from the environment, as the site's settings do
(docs/settings.md, "The web server")."""

import os

from home.logs import gunicorn_logging

# Behind nginx on the same machine, loopback is enough; a load balancer on another
# machine needs e.g. 0.0.0.0:8000.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# Restart each worker now and then, so a slow leak never takes a server down: after
# 20,000 to 40,000 requests, drawn afresh for each worker. A restart costs ~3 s of
# CPU (the site imported again): at 2,000 a spike spent a fifth of the server on
# them. A narrow spread (it was 200) restarts workers started together in the same
# second of a spike, and then nobody answers (docs/performance.md).
max_requests = 20000
max_requests_jitter = max_requests

# No control socket (gunicornc): systemd starts, reloads and stops the server, and
# several servers on one machine would share its one default path.
control_socket_disable = True

# Trust X-Forwarded-Proto only from the proxies the site trusts
# (TRUSTED_PROXY_COUNT): none means no proxy, so no one's forwarded headers.
_proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if _proxies else ""
)

# The access log is on, in the site's format, with secret links redacted.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
logconfig_dict = gunicorn_logging(
    level=os.environ.get("LOG_LEVEL", "INFO"),
    log_format=os.environ.get("LOG_FORMAT", "plain"),
)
