#!/usr/bin/env bash
# Handover list import benchmark: a list of N rows (default 3000) uploaded, previewed and committed through
# POST /api/rounds/{code}/batches/{no}/imports and /api/imports/{id}/commit, against the same N rows registered one by
# one through POST /api/petitions, on the same fresh host. Prints both figures (SQLite by default).
#
#   ops/bench/import.sh [--rows 3000] [--profiles sqlite|postgres|sqlite,postgres]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rows=3000
profiles=sqlite
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --profiles) profiles="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

if [[ "$profiles" == *postgres* ]] && [ -z "${PETITIONS_BENCH_PG:-}" ] && [ -z "${PETITIONS_TEST_PG:-}" ]; then
    cs="$(ops/pg.sh start | tail -n 1)"
    export PETITIONS_BENCH_PG="${cs/Database=petitions/Database=postgres}"
fi

dotnet build ops/bench/Petitions.Bench -c Release -nologo -v q
cd ops/bench/Petitions.Bench/bin/Release/net10.0
exec dotnet Petitions.Bench.dll --out "$ROOT/ops/bench/results" --profiles "$profiles" --import "$rows"
