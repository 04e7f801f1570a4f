#!/usr/bin/env bash
# ops/backup.sh <file> — back up the store that the host's settings name, while the host may be running.
#
#   Embedded (SQLite): SQLite's online backup (sqlite3 ".backup"): a consistent copy of the database file even while
#                      the host writes; the result is itself a SQLite database.
#   Postgres:          pg_dump -Fc (custom format, for pg_restore).
#
# The store is found as ops/store-settings.sh describes (Storage__Profile, Storage__Sqlite__Path,
# ConnectionStrings__Postgres, or appsettings.json). The key directory (Keys:Directory: identity keys, token signing
# key) is deliberately not included: back it up separately (README "Keys"). The file is written beside its final name and renamed at the
# end: a failed backup never leaves a half-written file under that name.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/store-settings.sh"

[ $# -eq 1 ] || die "usage: ops/backup.sh <file>"
TARGET="$1"
mkdir -p "$(dirname "$TARGET")"
PARTIAL="$TARGET.partial.$$"
trap 'rm -f "$PARTIAL"' EXIT

if [ "$PROFILE" = Embedded ]; then
    [ -f "$SQLITE_PATH" ] || die "no SQLite database at $SQLITE_PATH"
    need_sqlite3
    # The busy timeout lets the backup wait for the host's write transactions instead of failing.
    sqlite3 "$SQLITE_PATH" ".timeout 30000" ".backup '$PARTIAL'"
    [ "$(sqlite3 "$PARTIAL" 'PRAGMA integrity_check;')" = ok ] || die "the backup copy failed its integrity check"
else
    export_pg_env
    "$(pg_bin)/pg_dump" --format=custom --no-owner --file="$PARTIAL"
fi

mv -f "$PARTIAL" "$TARGET"
trap - EXIT
echo "backup of the $PROFILE store written to $TARGET ($(stat -c %s "$TARGET") bytes)"
echo "the key directory (Keys:Directory) is not in it: back it up separately, the restored store cannot be read without it"
