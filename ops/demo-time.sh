#!/usr/bin/env bash
# Times the full demo data load (README: "--demo") on a fresh database: starts the Release build of the host,
# checks that it answers HTTP while loading, polls GET /api/demo/status until the load is done, prints the time.
#
#   ops/demo-time.sh [sqlite|postgres] [extra host arguments...]
#
# postgres: a fresh database on $PETITIONS_TEST_PG's server (or ops/pg.sh's), dropped afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE="${1:-sqlite}"
shift $(( $# >= 1 ? 1 : 0 ))
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$ROOT/src/Petitions.Host" -c Release -nologo -v q >/dev/null
PORT="$(free_port)"
args=(--demo --urls "http://127.0.0.1:$PORT" "--Orleans:SiloPort=$(free_port)" "--Orleans:GatewayPort=$(free_port)" "--Orleans:ClusterId=demo-time-$$")
DIR="$(mktemp -d /tmp/petitions-demo-time.XXXXXX)"
drop=""
case "$PROFILE" in
    sqlite) args+=("--Storage:Sqlite:Path=$DIR/petitions.db") ;;
    postgres)
        ADMIN="${PETITIONS_TEST_PG:-$("$ROOT/ops/pg.sh" start | tail -n 1)}"
        PSQL="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
        host="$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$ADMIN")"; port="$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$ADMIN")"
        user="$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$ADMIN")"; db="demo_time_$$"
        "$PSQL" -h "$host" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE $db"
        drop="DROP DATABASE $db WITH (FORCE)"
        args+=("--Storage:Profile=Postgres" "--ConnectionStrings:Postgres=Host=$host;Port=$port;Username=$user;Database=$db;Maximum Pool Size=60")
        ;;
    *) echo "demo-time.sh: profile must be sqlite or postgres" >&2; exit 2 ;;
esac

cd "$ROOT/src/Petitions.Host/bin/Release/net10.0"
start=$(date +%s.%N)
dotnet Petitions.Host.dll "${args[@]}" "$@" >"$DIR/host.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [ -z "$drop" ] || "$PSQL" -h "$host" -p "$port" -U "$user" -d postgres -qc "$drop" || true; }
trap cleanup EXIT

until status="$(curl -sf "http://127.0.0.1:$PORT/api/demo/status")"; do
    kill -0 "$pid" 2>/dev/null || { echo "demo-time.sh: the host exited; see $DIR/host.log" >&2; exit 1; }
    sleep 0.5
done
printf 'demo-time.sh: HTTP answered %.1f s after start\n' "$(echo "$(date +%s.%N) - $start" | bc)"
while :; do
    status="$(curl -sf "http://127.0.0.1:$PORT/api/demo/status")"
    case "$status" in *'"Completed"'*|*'"Failed"'*) break ;; esac
    sleep 1
done
echo "demo-time.sh: $PROFILE: $status"
grep -E "Demo data: [0-9]+ cases" "$DIR/host.log" | tail -n 1 || true
