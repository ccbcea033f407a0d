"""README's "Running in production", followed step for step and proved through nginx.

The test makes a new, empty PostgreSQL database beside the test database (dropped
afterwards), runs each line of the ```sh block under README's "## Running in
production" as written (`python` is this interpreter; cwd is the project folder;
production settings, with VAR_DIR, STATIC_ROOT and MEDIA_ROOT in a temporary
folder), uploads an image with `manage.py shell`, then starts gunicorn on that
database behind Debian's nginx running deploy/nginx/shared-ambition.conf (paths,
ports and certificate substituted; a self-signed certificate made here). Through
nginx it checks the real page tree setup_site builds (no Wagtail placeholder, no demo
content), a hashed static file, the image and its rendition, the HTTP-to-HTTPS
redirect and /health/.

It runs in the PostgreSQL stage (it needs a PostgreSQL server to make the database
on); `make test-postgres` installs nginx first, and with CI=true a missing nginx
fails the test.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import ssl
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils.html import escape
from psycopg import sql

from tests.deploy.production_env import (
    HOST,
    ROOT,
    database_url,
    free_port,
    production_env,
    start_gunicorn,
    stop,
    wait_for_port,
)
from tests.deploy.test_first_run import REAL_PAGES

# No django_db mark: the test never touches the test database, only the server it
# is on, where it makes (and drops) a database of its own.
pytestmark = [pytest.mark.postgres_only]

NGINX = Path(os.environ.get("NGINX_PATH", "/usr/sbin/nginx"))
SITE_CONF = ROOT / "deploy" / "nginx" / "shared-ambition.conf"
README = ROOT / "README.md"
SUPERUSER = {
    "DJANGO_SUPERUSER_USERNAME": "first-admin",
    "DJANGO_SUPERUSER_EMAIL": "first-admin@example.org",
    "DJANGO_SUPERUSER_PASSWORD": "a-long-" + secrets.token_urlsafe(16),
}


def require_nginx():
    if not NGINX.exists():
        message = f"nginx is not installed at {NGINX} (`make nginx` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def substitute(config, replacements):
    """`config` with each placeholder replaced; a placeholder the config no longer
    has fails the test, so the test can't drift from the file."""
    for placeholder, value in replacements.items():
        assert placeholder in config, f"{placeholder!r} is not in {SITE_CONF.name}"
        config = config.replace(placeholder, value)
    return config


def self_signed_certificate(folder):
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=DNS:{HOST}"],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_config(tmp_path, *, http_port, https_port, app_port, static, media):
    cert, key = self_signed_certificate(tmp_path)
    site = substitute(
        SITE_CONF.read_text(),
        {
            "    listen 80;": f"    listen 127.0.0.1:{http_port};",
            "    listen [::]:80;\n": "",
            "    listen 443 ssl http2;": f"    listen 127.0.0.1:{https_port} ssl http2;",
            "    listen [::]:443 ssl http2;\n": "",
            "server 127.0.0.1:8000": f"server 127.0.0.1:{app_port}",
            "/etc/ssl/shared-ambition/fullchain.pem": str(cert),
            "/etc/ssl/shared-ambition/privkey.pem": str(key),
            "/srv/shared-ambition/var/static/": f"{static}/",
            "/srv/shared-ambition/var/media/": f"{media}/",
            "/var/www/html": str(tmp_path),
        },
    )
    (tmp_path / "site.conf").write_text(site)
    # The parts of Debian's /etc/nginx/nginx.conf a site relies on, with every
    # path inside tmp_path so nginx runs beside anything else on the machine.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = f"""{user}worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    (tmp_path / "nginx.conf").write_text(main)
    return tmp_path / "nginx.conf", cert


def readme_production_commands():
    """Each line of the ```sh block under README's "## Running in production", split
    as a shell would."""
    text = README.read_text()
    section = re.search(
        r"^## Running in production\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL
    )
    if section is None:
        pytest.fail('README.md has no "## Running in production" section')
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    if block is None:
        pytest.fail('README.md\'s "## Running in production" has no ```sh block')
    commands = [
        shlex.split(line)
        for line in block.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not commands:
        pytest.fail('README.md\'s "## Running in production" ```sh block is empty')
    return commands


def run_as_readme_says(words, env):
    """Run one README line from the project folder, as an operator would."""
    argv = [sys.executable if words[0] == "python" else words[0], *words[1:]]
    if words[1:3] == ["manage.py", "createsuperuser"]:
        # The operator answers createsuperuser's prompts at a terminal; the test has
        # none, so it gives the same answers in DJANGO_SUPERUSER_* and adds the one
        # flag that makes Django read them (it reads them only with --noinput).
        argv.append("--noinput")
        env = {**env, **SUPERUSER}
    result = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (
        f"README's `{shlex.join(words)}` failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


# Run with `manage.py shell` on the new database: an uploaded image and a rendition
# of it, and what the database holds once README's steps have run.
UPLOAD_AND_REPORT = """
import json
from django.contrib.auth import get_user_model
from events.models import SummitPage
from framework.models import Commitment
from home.demo_images import demo_image
image = demo_image("Seen through nginx", seed=5, width=320, height=200)
rendition = image.get_rendition("fill-160x100")
print(json.dumps({
    "uploads": [[f.url, f.name] for f in (image.file, rendition.file)],
    "superusers": sorted(
        get_user_model().objects.filter(is_superuser=True)
        .values_list("username", flat=True)
    ),
    "summits": SummitPage.objects.count(),
    "commitments": Commitment.objects.count(),
}))
"""


def upload_and_report(env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", UPLOAD_AND_REPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def empty_database():
    """A URL for a new, empty database on the test database's server, dropped
    afterwards."""
    settings_dict = connection.settings_dict
    name = f"sa_readme_{secrets.token_hex(4)}"
    admin_url = database_url(settings_dict, name="postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(settings_dict, name=name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


class Client:
    def __init__(self, *, http_port, https_port, cert):
        self.http_port = http_port
        self.https_port = https_port
        self.context = ssl.create_default_context(cafile=str(cert))
        self.context.check_hostname = False  # we connect to 127.0.0.1

    def get(self, path, *, tls=True, headers=None):
        if tls:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=self.context, timeout=30
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
            response = conn.getresponse()
            response.body = response.read()
            return response
        finally:
            conn.close()


@pytest.fixture
def served(empty_database, tmp_path):
    """README's production steps run on an empty database, then that site behind
    nginx: (client, the uploaded image and its rendition as [url, name] pairs, the
    media folder, what the database holds, gunicorn's log)."""
    require_nginx()
    commands = readme_production_commands()
    static, media = tmp_path / "static", tmp_path / "media"
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = production_env(
        DATABASE_URL=empty_database,
        VAR_DIR=tmp_path,
        STATIC_ROOT=static,
        MEDIA_ROOT=media,
        TRUSTED_PROXY_COUNT=1,
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        WEB_CONCURRENCY=2,
    )
    for words in commands:
        run_as_readme_says(words, env)
    report = upload_and_report(env)

    config, cert = nginx_config(
        tmp_path,
        http_port=http_port,
        https_port=https_port,
        app_port=app_port,
        static=static,
        media=media,
    )
    checked = subprocess.run(
        [str(NGINX), "-t", "-c", str(config), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr

    gunicorn_log = tmp_path / "gunicorn.log"
    gunicorn = start_gunicorn(env, gunicorn_log)
    nginx = subprocess.Popen(
        [str(NGINX), "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(app_port, gunicorn)
        wait_for_port(https_port, nginx)
        client = Client(http_port=http_port, https_port=https_port, cert=cert)
        yield client, report.pop("uploads"), media, report, gunicorn_log
    finally:
        stop(nginx)
        stop(gunicorn)


def test_readme_production_steps_on_an_empty_database_served_through_nginx(served):
    client, uploads, media, database, gunicorn_log = served

    # What README's steps left in the database: the real site, no demo.
    assert database["superusers"] == [SUPERUSER["DJANGO_SUPERUSER_USERNAME"]]
    assert database["commitments"] == 14
    assert database["summits"] == 0

    # Plain HTTP: redirected to HTTPS, except /health/ for load balancers.
    redirect = client.get("/summit/?x=1", tls=False)
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://{HOST}/summit/?x=1"
    health = client.get("/health/", tls=False)
    assert health.status == 200, health.body
    assert b'"status": "ok"' in health.body

    # The real page tree setup_site builds, from gunicorn: the app saw HTTPS (no
    # redirect, HSTS sent).
    for path, heading in REAL_PAGES.items():
        page = client.get(path)
        assert page.status == 200, (path, page.body[:2000])
        text = page.body.decode()
        assert escape(heading) in text, path
        assert "(demo)" not in text, path
        assert "Demo content" not in text, path
        assert page.getheader("Strict-Transport-Security", "").startswith("max-age=")
    html = client.get("/").body.decode()
    assert "Welcome to your new Wagtail site" not in html
    assert '<a href="/privacy/">Privacy notice</a>' in html
    assert '<a href="/accessibility/">Accessibility statement</a>' in html

    # A static file the page links to, by its hashed name, from nginx.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html).group(1)
    static = client.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.getheader("Content-Type") == "text/css"
    assert static.getheader("Content-Encoding") == "gzip"  # WhiteNoise's .gz copy
    assert static.headers.get_all("Cache-Control") == [
        "public, max-age=31536000, immutable"
    ]

    # The uploaded image and its rendition, from MEDIA_ROOT.
    assert len(uploads) == 2
    for url, name in uploads:
        served_file = client.get(url)
        assert served_file.status == 200, url
        assert served_file.getheader("Content-Type") in {"image/png", "image/jpeg"}
        assert served_file.body == (media / name).read_bytes()
        assert served_file.getheader("X-Content-Type-Options") == "nosniff"

    # Documents are only served by the app, which checks their privacy.
    assert client.get("/media/documents/report.pdf").status == 404

    access_log = gunicorn_log.read_text()
    assert '"GET / HTTP/1.1" 200' in access_log
    assert "/static/" not in access_log
    assert "/media/" not in access_log
