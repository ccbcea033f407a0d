#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an empty database and media folder.
#
#   deploy/restore.sh BACKUP.dump [BACKUP.media.tar.gz]
#
# DATABASE_URL must name an existing, empty database (createdb it first); MEDIA_ROOT
# must be missing or empty. Both come from the environment, else from $ENV_FILE
# (default /srv/shared-ambition/.env). It refuses to write over anything. Stop the
# web, worker and timers first; afterwards run `manage.py migrate` (a backup from an
# older release) and start them again (docs/deployment.md, "Backups and restore").
set -euo pipefail

ENV_FILE="${ENV_FILE:-/srv/shared-ambition/.env}"

setting() {
    local name="$1" value="${!1:-}"
    if [ -z "$value" ] && [ -r "$ENV_FILE" ]; then
        value="$(sed -n "s/^${name}=//p" "$ENV_FILE" | tail -n 1)"
        value="${value%\"}"; value="${value#\"}"
    fi
    printf '%s' "$value"
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BACKUP.dump [BACKUP.media.tar.gz]" >&2
    exit 2
fi
DUMP="$1"
MEDIA_TAR="${2:-}"
DATABASE_URL="$(setting DATABASE_URL)"
MEDIA_ROOT="$(setting MEDIA_ROOT)"

case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "restore.sh: DATABASE_URL must be a postgres:// address" >&2; exit 2 ;;
esac
[ -r "$DUMP" ] || { echo "restore.sh: cannot read $DUMP" >&2; exit 2; }

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
    echo "restore.sh: the database already has $tables tables; restore only into an empty one" >&2
    exit 1
fi
if [ -n "$MEDIA_TAR" ]; then
    [ -r "$MEDIA_TAR" ] || { echo "restore.sh: cannot read $MEDIA_TAR" >&2; exit 2; }
    if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
        echo "restore.sh: MEDIA_ROOT ($MEDIA_ROOT) is not empty" >&2
        exit 1
    fi
fi

# One transaction: a failed restore leaves the database empty, not half full.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$DUMP"
echo "restored the database from $DUMP"

if [ -n "$MEDIA_TAR" ]; then
    mkdir -p "$MEDIA_ROOT"
    tar --extract --gzip --file="$MEDIA_TAR" --directory="$MEDIA_ROOT" --no-same-owner
    echo "restored media from $MEDIA_TAR into $MEDIA_ROOT"
fi
