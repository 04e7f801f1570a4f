#!/usr/bin/env bash
# Shared by ops/backup.sh and ops/restore.sh (sourced): which store the host's own settings name.
#
# The same precedence as the host: environment variables (Storage__Profile, Storage__Sqlite__Path,
# ConnectionStrings__Postgres) over appsettings.json. The appsettings.json read is $PETITIONS_APPSETTINGS, else the
# one beside the published host in the current directory, else src/Petitions.Host/appsettings.json of this repository.
# A relative SQLite path is relative to the host's working directory: $PETITIONS_WORKDIR, else the current directory.
# Sets PROFILE (Embedded|Postgres), SQLITE_PATH (absolute), PG_CONN (the Npgsql connection string), PG_BIN.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

settings_file() {
    if [ -n "${PETITIONS_APPSETTINGS:-}" ]; then echo "$PETITIONS_APPSETTINGS"
    elif [ -f "./appsettings.json" ] && [ -f "./Petitions.Host.dll" ]; then echo "./appsettings.json"
    else echo "$ROOT/src/Petitions.Host/appsettings.json"; fi
}

# json_get FILE Key:Sub — a value of appsettings.json (empty when missing).
json_get() {
    python3 - "$1" "$2" <<'PY'
import json, sys
try:
    node = json.load(open(sys.argv[1], encoding="utf-8-sig"))
except FileNotFoundError:
    sys.exit(0)
for part in sys.argv[2].split(":"):
    node = next((v for k, v in node.items() if k.lower() == part.lower()), None) if isinstance(node, dict) else None
print("" if node is None else node)
PY
}

SETTINGS="$(settings_file)"
PROFILE="${Storage__Profile:-$(json_get "$SETTINGS" Storage:Profile)}"
PROFILE="${PROFILE:-Embedded}"
case "${PROFILE,,}" in
    embedded|sqlite) PROFILE=Embedded ;;
    postgres|postgresql) PROFILE=Postgres ;;
    *) die "unknown Storage:Profile '$PROFILE' (Embedded or Postgres)" ;;
esac

SQLITE_PATH="${Storage__Sqlite__Path:-$(json_get "$SETTINGS" Storage:Sqlite:Path)}"
SQLITE_PATH="${SQLITE_PATH:-data/petitions.db}"
case "$SQLITE_PATH" in
    /*) ;;
    *) SQLITE_PATH="${PETITIONS_WORKDIR:-$PWD}/$SQLITE_PATH" ;;
esac

PG_CONN="${ConnectionStrings__Postgres:-$(json_get "$SETTINGS" ConnectionStrings:Postgres)}"

need_sqlite3() {
    if ! command -v sqlite3 >/dev/null; then
        [ "$(id -u)" -eq 0 ] || die "sqlite3 is missing (apt-get install sqlite3)"
        echo "$(basename "$0"): installing sqlite3 with apt-get" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y sqlite3 >&2 || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y sqlite3 >&2; }
    fi
}

# The newest PostgreSQL client tools (pg_dump must not be older than the server).
pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ]; then echo "$dir"; else dirname "$(command -v pg_dump || die "pg_dump is missing (apt-get install postgresql-client)")"; fi
}

# Exports the Npgsql connection string as libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
export_pg_env() {
    [ -n "$PG_CONN" ] || die "the Postgres profile needs ConnectionStrings__Postgres (or ConnectionStrings:Postgres in $SETTINGS)"
    local pair key value
    IFS=';' read -ra pairs <<<"$PG_CONN"
    for pair in "${pairs[@]}"; do
        [ -n "$pair" ] || continue
        key="$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
        value="${pair#*=}"
        case "$key" in
            host|server) export PGHOST="$value" ;;
            port) export PGPORT="$value" ;;
            username|userid|user) export PGUSER="$value" ;;
            password) export PGPASSWORD="$value" ;;
            database|db) export PGDATABASE="$value" ;;
        esac
    done
    [ -n "${PGDATABASE:-}" ] || die "the connection string names no Database"
}
