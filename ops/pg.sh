#!/usr/bin/env bash
# A throwaway local PostgreSQL for development, local clusters and tests.
#
#   ops/pg.sh start    initdb once, start on 127.0.0.1 (free port, or $PG_PORT), create database "petitions",
#                      print the connection string (one line; also written to .pg/connection-string)
#   ops/pg.sh stop     stop it (fast mode: open sessions are rolled back)
#   ops/pg.sh status   print "running" or "stopped", then the connection string
#
# Everything lives in .pg/ under the repository root (git-ignored): data/, postgres.log, connection-string,
# and the unix socket. "start" is idempotent: a running server is left alone and its connection string printed
# again. Binaries: the newest /usr/lib/postgresql/*/bin (installed with apt-get when missing and we are root).
# Root cannot run initdb/pg_ctl, so as root the data directory belongs to the "postgres" user and the server
# runs as that user; otherwise it runs as the current user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PETITIONS_PG_HOME: another server of its own (a fault test stops and starts one without touching the run's).
PG_HOME="${PETITIONS_PG_HOME:-$ROOT/.pg}"
DATA="$PG_HOME/data"
LOG="$PG_HOME/postgres.log"
CS_FILE="$PG_HOME/connection-string"
DB_NAME="petitions"
# Npgsql pools up to 100 connections per connection string and process; PostgreSQL's default limit is 100 for
# everyone. Two silos plus a test run would exhaust it, so the throwaway server allows more.
MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-300}"

die() { echo "pg.sh: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

find_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$dir" ] && is_root; then
        echo "pg.sh: no PostgreSQL found, installing it with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; }
        dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    [ -n "$dir" ] || die "no PostgreSQL binaries in /usr/lib/postgresql/*/bin (install the postgresql package)"
    echo "$dir"
}

BIN="$(find_bin)"

# Run a PostgreSQL server tool as the owner of the data directory.
as_owner() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The socket goes next to the data directory unless that path is too long for a unix socket (107 bytes).
socket_dir() {
    if [ "${#PG_HOME}" -le 80 ]; then echo "$PG_HOME"; else echo "/tmp"; fi
}

port_free() {
    local port="$1"
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$port" <<'PY' 2>/dev/null && return 0 || return 1
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.close()
PY
    elif command -v ss >/dev/null 2>&1; then
        ! ss -Hltn "sport = :$port" | grep -q .
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

pick_port() {
    local port
    if [ -n "${PG_PORT:-}" ]; then
        echo "$PG_PORT"
        return
    fi
    # Prefer the port of the previous run, so that the connection string stays the same across restarts.
    if [ -f "$CS_FILE" ]; then
        port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' "$CS_FILE")"
        if [ -n "$port" ] && port_free "$port"; then
            echo "$port"
            return
        fi
    fi
    for port in $(seq 54320 54420); do
        if port_free "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free port in 54320-54420 (set PG_PORT)"
}

connection_string() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=$DB_NAME"; }

is_running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

# The port of the running server: line 4 of postmaster.pid.
running_port() { sed -n '4p' "$DATA/postmaster.pid"; }

init_once() {
    [ -f "$DATA/PG_VERSION" ] && return
    mkdir -p "$DATA"
    if is_root; then
        chown postgres:postgres "$PG_HOME" "$DATA"
        runuser -u postgres -- test -w "$DATA" \
            || die "the postgres user cannot reach $DATA (make the path to it traversable)"
    fi
    chmod 700 "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -A trust -U postgres --encoding=UTF8 --locale=C >"$PG_HOME/initdb.log" 2>&1 \
        || { cat "$PG_HOME/initdb.log" >&2; die "initdb failed"; }
}

start() {
    local port cs
    mkdir -p "$PG_HOME"
    if is_running; then
        port="$(running_port)"
    else
        init_once
        port="$(pick_port)"
        touch "$LOG"
        if is_root; then chown postgres:postgres "$PG_HOME" "$LOG"; fi
        as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
            -o "-p $port -k $(socket_dir) -c listen_addresses=127.0.0.1 -c max_connections=$MAX_CONNECTIONS" \
            start >/dev/null \
            || { tail -n 20 "$LOG" >&2; die "pg_ctl start failed (log: $LOG)"; }
    fi

    local tries=0
    until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || die "server on port $port does not answer (log: $LOG)"
        sleep 0.5
    done

    if [ -z "$("$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
        "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Xq -c "CREATE DATABASE $DB_NAME" >/dev/null
    fi

    cs="$(connection_string "$port")"
    echo "$cs" >"$CS_FILE"
    echo "$cs"
}

stop() {
    if is_running; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        echo "stopped"
    else
        echo "not running"
    fi
}

status() {
    if is_running; then
        echo "running"
        connection_string "$(running_port)"
    else
        echo "stopped"
        if [ -f "$CS_FILE" ]; then cat "$CS_FILE"; fi
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
