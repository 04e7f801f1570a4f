#!/usr/bin/env bash
# Benchmarks (ops/bench/Petitions.Bench), on SQLite and PostgreSQL, each figure against a baseline measured in the
# same run and reported as a ratio:
#   (a) registration + full lifecycle through the case grains vs bare grain-storage writes (and raw SQL upserts) of an
#       equally sized state;
#   (b) every statistics call (dashboard, rounds, unit page, /api/stats/*) at each size vs the same statistics aggregated
#       from the case rows (the pre-counter query), p50/p95;
#   (c) POST /api/petitions/repeat-check at 100k cases.
# Results: a table on stdout and ops/bench/results/bench-<time>.md/.json (git-ignored).
#
#   ops/bench/run.sh [--profiles sqlite,postgres] [--cases 2000] [--sizes 10000,100000] [--queries 30] [--parallelism 24] [--keep]
#   --no-lifecycle: skip (a), measure only the read side. --keep: keep the database (prints "kept the database: <path>"); a host started on it (Storage:Sqlite:Path) serves it.
#   --database <SQLite file | PostgreSQL database name>: measure a kept database as it is (one profile; --sizes may grow it).
#   --intake: only registrations through POST /api/petitions (32 clients and 1), beside the raw commit rate.
#   --search: only lists, text search and repeat-check at each size.
#   --recovery: a host process on a database of the largest size is killed with SIGKILL under registrations and
#       restarted: time to HTTP and to a current read model, every acknowledged registration checked.
#   --memory [N]: a host process on a fresh database imports N cases (100,000) as handover lists: peak resident set.
#
# PostgreSQL: $PETITIONS_BENCH_PG or $PETITIONS_TEST_PG (a server where databases may be created), else the server of
# ops/pg.sh (started if needed). Each run creates a fresh database petitions_bench_<time> on it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -z "${PETITIONS_BENCH_PG:-}" ] && [ -z "${PETITIONS_TEST_PG:-}" ] && [[ " $* " != *" --profiles sqlite "* ]]; then
    cs="$(ops/pg.sh start | tail -n 1)"
    export PETITIONS_BENCH_PG="${cs/Database=petitions/Database=postgres}"
fi

dotnet build ops/bench/Petitions.Bench -c Release -nologo -v q
cd ops/bench/Petitions.Bench/bin/Release/net10.0
exec dotnet Petitions.Bench.dll --out "$ROOT/ops/bench/results" "$@"
