#!/usr/bin/env bash
# Back up the site: the database (pg_dump, custom format) and MEDIA_ROOT (tar).
#
#   deploy/backup.sh [DEST_DIR]        (default: /srv/shared-ambition/backups)
#
# Writes DEST_DIR/shared-ambition-<UTC time>.dump and .media.tar.gz, each complete or
# not at all, and prints their paths. DATABASE_URL and MEDIA_ROOT come from the
# environment, else from the site's environment file ($ENV_FILE, default
# /srv/shared-ambition/.env). Restore with deploy/restore.sh (docs/deployment.md,
# "Backups and restore"). Needs pg_dump of the server's major version or newer.
set -euo pipefail

ENV_FILE="${ENV_FILE:-/srv/shared-ambition/.env}"

# A variable from the environment, else from $ENV_FILE (read, never run as shell).
setting() {
    local name="$1" value="${!1:-}"
    if [ -z "$value" ] && [ -r "$ENV_FILE" ]; then
        value="$(sed -n "s/^${name}=//p" "$ENV_FILE" | tail -n 1)"
        value="${value%\"}"; value="${value#\"}"
    fi
    printf '%s' "$value"
}

DATABASE_URL="$(setting DATABASE_URL)"
MEDIA_ROOT="$(setting MEDIA_ROOT)"
BUCKET="$(setting AWS_STORAGE_BUCKET_NAME)"
DEST_DIR="${1:-/srv/shared-ambition/backups}"

case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL must be a postgres:// address" >&2; exit 2 ;;
esac

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
BASE="$DEST_DIR/shared-ambition-$STAMP"
mkdir -p "$DEST_DIR"
umask 077

# --format=custom: compressed, and pg_restore can restore it selectively.
pg_dump --format=custom --no-owner --no-privileges --file="$BASE.dump.part" \
    --dbname="$DATABASE_URL"
pg_restore --list "$BASE.dump.part" > /dev/null  # readable, or stop here
mv "$BASE.dump.part" "$BASE.dump"
echo "$BASE.dump"

if [ -n "$BUCKET" ]; then
    echo "backup.sh: media are in the bucket $BUCKET; back it up with the object store's own versioning or replication" >&2
elif [ -d "$MEDIA_ROOT" ]; then
    tar --create --gzip --file="$BASE.media.tar.gz.part" --directory="$MEDIA_ROOT" .
    mv "$BASE.media.tar.gz.part" "$BASE.media.tar.gz"
    echo "$BASE.media.tar.gz"
else
    echo "backup.sh: MEDIA_ROOT ($MEDIA_ROOT) is not a folder" >&2
    exit 2
fi
