"""The backup and restore drill of docs/deployment.md: deploy/backup.sh dumps the
database and packs MEDIA_ROOT, deploy/restore.sh puts both back into a fresh, empty
database and folder, and a row and its file come back. PostgreSQL only (pg_dump)."""

import os
import subprocess

import psycopg
import pytest
from django.db import connection
from django.test import override_settings
from psycopg import sql

from home.demo_images import demo_image
from tests.deploy.production_env import ROOT, database_url

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_script(name, *args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "AWS_STORAGE_BUCKET_NAME"}
    }
    environment.update(env, ENV_FILE="/nonexistent")
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / name), *map(str, args)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"[:63]
    admin_url = database_url(settings_dict, name="postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield database_url(settings_dict, name=name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def test_backup_and_restore_bring_back_rows_and_files(tmp_path, fresh_database):
    media = tmp_path / "media"
    media.mkdir()
    with override_settings(MEDIA_ROOT=media):
        image = demo_image("Kept in the backup", seed=9, width=200, height=120)
    original = (media / image.file.name).read_bytes()

    backup = run_script(
        "backup.sh",
        tmp_path / "backups",
        DATABASE_URL=database_url(connection.settings_dict),
        MEDIA_ROOT=media,
    )
    assert backup.returncode == 0, backup.stderr
    dump, media_tar = backup.stdout.split()
    assert dump.endswith(".dump")
    assert media_tar.endswith(".media.tar.gz")

    restored_media = tmp_path / "restored-media"
    restore = run_script(
        "restore.sh",
        dump,
        media_tar,
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=restored_media,
    )
    assert restore.returncode == 0, restore.stderr

    with psycopg.connect(fresh_database) as restored:
        row = restored.execute(
            "SELECT title, file FROM wagtailimages_image WHERE id = %s", [image.pk]
        ).fetchone()
        migrations = restored.execute(
            "SELECT count(*) FROM django_migrations"
        ).fetchone()[0]
    assert row == ("Kept in the backup", image.file.name)
    assert migrations > 0
    assert (restored_media / image.file.name).read_bytes() == original

    # Restoring again would write over what is there: refused, nothing touched.
    again = run_script(
        "restore.sh",
        dump,
        media_tar,
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=tmp_path / "other-media",
    )
    assert again.returncode == 1
    assert "restore only into an empty one" in again.stderr
    assert not (tmp_path / "other-media").exists()
