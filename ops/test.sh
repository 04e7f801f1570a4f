#!/usr/bin/env bash
# The whole test suite, as README says: installs what a fresh machine lacks (PostgreSQL server, Chromium, sqlite3,
# CJK fonts; needs root for apt-get), starts a throwaway PostgreSQL on a free loopback port, builds, runs every test project
# against real SQLite files, that PostgreSQL and a real Chromium, and stops the server again. Exit code = result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need_apt=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)                                # ops/backup.sh, restore.sh
fc-list :lang=zh 2>/dev/null | grep -q . || need_apt+=(fonts-noto-cjk)                    # readable screenshots
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)                                        # ops/deploy test
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "test.sh: installing ${need_apt[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # Packages must not start their services (nginx on port 80, a cluster of PostgreSQL): the tests start their own.
        no_start=0
        if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; no_start=1; fi
        apt-get install -y --no-install-recommends "${need_apt[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${need_apt[@]}"; }
        if [ "$no_start" -eq 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    else
        echo "test.sh: missing ${need_apt[*]}; run as root (or install them) first" >&2
        exit 1
    fi
fi

# A PostgreSQL of our own for this run, on a free loopback port; stopped however the run ends.
started_pg=0
pg_state="$(ops/pg.sh status 2>/dev/null | head -n 1 || true)"
[ "$pg_state" = "running" ] || started_pg=1
cs="$(ops/pg.sh start | tail -n 1)"
cleanup() { if [ "$started_pg" -eq 1 ]; then ops/pg.sh stop >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT
export PETITIONS_TEST_PG="${cs/Database=petitions/Database=postgres}"
echo "test.sh: PostgreSQL for the tests at ${PETITIONS_TEST_PG}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$ROOT/test-output/results" "$ROOT/test-output/openapi.json"
dotnet build Petitions.sln -c Release -warnaserror -nologo -v minimal

set +e
# The browser suite runs after the others, not beside them: two cores shared by four test hosts make a UI race.
dotnet test Petitions.sln -c Release --no-build -nologo --filter "FullyQualifiedName!~Petitions.E2E.Tests" \
    --logger "trx" --results-directory "$ROOT/test-output/results" 2>&1 | tee "$ROOT/test-output.log"
status=${PIPESTATUS[0]}
dotnet test tests/Petitions.E2E.Tests -c Release --no-build -nologo \
    --logger "trx" --results-directory "$ROOT/test-output/results" 2>&1 | tee -a "$ROOT/test-output.log"
e2e=${PIPESTATUS[0]}
[ "$e2e" -eq 0 ] || status=$e2e

# The API description as served, written by the Host tests (OpenApiDocumentTests): Redocly's recommended rules must
# report no errors (warnings are shown, not fatal).
if [ -f "$ROOT/test-output/openapi.json" ]; then
    ops/openapi-lint.sh "$ROOT/test-output/openapi.json" 2>&1 | tee -a "$ROOT/test-output.log"
    lint=${PIPESTATUS[0]}
else
    echo "test.sh: test-output/openapi.json is missing: the OpenAPI document test did not run" | tee -a "$ROOT/test-output.log" >&2
    lint=1
fi
[ "$lint" -eq 0 ] || { echo "test.sh: the OpenAPI lint failed" >&2; status=$lint; }
set -e

# Show what ran against what: the PostgreSQL-backed tests must have run (never skipped).
count() { cat "$ROOT"/test-output/results/*.trx 2>/dev/null | grep -o "<UnitTestResult [^>]*>" | grep "$1" | grep -c "outcome=\"$2\"" || true; }
echo "test.sh: PostgreSQL-backed tests: $(count Postgres Passed) passed, $(count Postgres Failed) failed, $(count Postgres NotExecuted) skipped"
echo "test.sh: SQLite-backed tests:     $(count Sqlite Passed) passed, $(count Sqlite Failed) failed"
echo "test.sh: all tests:               $(count . Passed) passed, $(count . Failed) failed, $(count . NotExecuted) skipped"
if [ "$status" -ne 0 ]; then
    echo "test.sh: FAILED (details in test-output.log)" >&2
    exit "$status"
fi
echo "test.sh: all tests passed"
