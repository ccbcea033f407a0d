import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_overrides):
    # The child sees only what the test chooses, not the test run's own settings.
    inherited = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_warns_when_workers_share_no_cache(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--settings=site_config.settings.production",
        env_overrides={
            "SECRET_KEY": "x7#kq" * 12,
            "ALLOWED_HOSTS": "summit.example.org",
            "SITE_URL": "https://summit.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "",
        },
    )

    assert "home.W001" in result.stderr + result.stdout
    assert "Set REDIS_URL" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        "--settings=site_config.settings.production",
        env_overrides={
            "ALLOWED_HOSTS": "summit.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_half_a_stripe_set_up(tmp_path):
    result = _manage(
        "check",
        "--settings=site_config.settings.production",
        env_overrides={
            "SECRET_KEY": "x7#kq" * 12,
            "ALLOWED_HOSTS": "summit.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STRIPE_SECRET_KEY": "sk_live_example",
        },
    )

    assert result.returncode != 0
    assert "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" in result.stderr
