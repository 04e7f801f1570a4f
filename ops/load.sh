#!/usr/bin/env bash
# Load generator: pushes <size> synthetic cases through the real command path (case grains, read model, repeat
# subjects), each through its whole life (registered and assigned, accepted, site visit, result, callback, closed:
# six commands), and prints the throughput (cases/s, commands/s).
#
#   ops/load.sh <size> [sqlite|postgres] [extra host arguments...]
#
# sqlite (default): a fresh database file under a temp folder. postgres: $PETITIONS_LOAD_PG, else the server of
# "ops/pg.sh start" (database "petitions"; every run uses its own external numbers, so runs can share it).
# Example: ops/load.sh 2000 postgres --Load:Parallelism=48
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${1:?usage: ops/load.sh <size> [sqlite|postgres] [host arguments...]}"
PROFILE="${2:-sqlite}"
shift $(( $# >= 2 ? 2 : 1 ))

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$ROOT/src/Petitions.Host" -c Release -nologo -v q >/dev/null
BIN="$ROOT/src/Petitions.Host/bin/Release/net10.0"

args=(--load "$SIZE" --urls "http://127.0.0.1:$(free_port)" "--Orleans:SiloPort=$(free_port)" "--Orleans:GatewayPort=$(free_port)"
      "--Orleans:ClusterId=load-$$" "--Auth:BootstrapAdminPassword=load-generator-$$" "--Logging:LogLevel:Default=Warning"
      "--Logging:LogLevel:Petitions.Demo=Information")
case "$PROFILE" in
    sqlite)
        DIR="$(mktemp -d /tmp/petitions-load.XXXXXX)"
        args+=("--Storage:Profile=Embedded" "--Storage:Sqlite:Path=$DIR/petitions.db")
        echo "load.sh: $SIZE cases on SQLite ($DIR/petitions.db)"
        ;;
    postgres)
        CS="${PETITIONS_LOAD_PG:-$("$ROOT/ops/pg.sh" start | tail -n 1)}"
        args+=("--Storage:Profile=Postgres" "--ConnectionStrings:Postgres=$CS;Maximum Pool Size=60")
        echo "load.sh: $SIZE cases on PostgreSQL ($CS)"
        ;;
    *) echo "load.sh: profile must be sqlite or postgres" >&2; exit 2 ;;
esac

cd "$BIN"
dotnet Petitions.Host.dll "${args[@]}" "$@" | grep --line-buffered -E "LOAD RESULT|Load:|fail|error" || true
