#!/usr/bin/env bash
# ops/restore.sh <file> [--force] — restore a backup of ops/backup.sh into the store the host's settings name.
#
# Stop the host (every silo) first. The target must be empty (no SQLite file, or a database without tables) unless
# --force is given, which replaces what is there.
#   Embedded (SQLite): the backup file is checked and copied into place (the old -wal/-shm files are removed).
#   Postgres:          pg_restore into the named database (it must exist; --force drops what it holds first).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/store-settings.sh"

FORCE=0
FILE=""
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=1 ;;
        -*) die "unknown option $arg" ;;
        *) [ -z "$FILE" ] || die "usage: ops/restore.sh <file> [--force]"; FILE="$arg" ;;
    esac
done
[ -n "$FILE" ] || die "usage: ops/restore.sh <file> [--force]"
[ -f "$FILE" ] || die "no backup file at $FILE"
MAGIC="$(head -c 15 "$FILE" | tr -d '\0')"

if [ "$PROFILE" = Embedded ]; then
    [ "$MAGIC" = "SQLite format 3" ] || die "$FILE is not a SQLite backup (the settings name the Embedded profile)"
    need_sqlite3
    [ "$(sqlite3 "$FILE" 'PRAGMA integrity_check;')" = ok ] || die "$FILE failed its integrity check"
    if [ -s "$SQLITE_PATH" ] && [ "$FORCE" -eq 0 ]; then
        die "$SQLITE_PATH is not empty: stop the host and add --force to replace it"
    fi
    mkdir -p "$(dirname "$SQLITE_PATH")"
    cp "$FILE" "$SQLITE_PATH.restoring.$$"
    rm -f "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"
    mv -f "$SQLITE_PATH.restoring.$$" "$SQLITE_PATH"
    echo "restored $FILE into $SQLITE_PATH"
else
    [ "${MAGIC:0:5}" = "PGDMP" ] || die "$FILE is not a pg_dump custom-format backup (the settings name the Postgres profile)"
    export_pg_env
    BIN="$(pg_bin)"
    TABLES="$("$BIN/psql" -XtAc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
    if [ "$TABLES" != 0 ] && [ "$FORCE" -eq 0 ]; then
        die "database $PGDATABASE is not empty ($TABLES tables): stop the host and add --force to replace it"
    fi
    if [ "$TABLES" != 0 ]; then
        "$BIN/pg_restore" --clean --if-exists --no-owner --exit-on-error --dbname="$PGDATABASE" "$FILE"
    else
        "$BIN/pg_restore" --no-owner --exit-on-error --single-transaction --dbname="$PGDATABASE" "$FILE"
    fi
    echo "restored $FILE into database $PGDATABASE"
fi
