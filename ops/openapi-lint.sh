#!/usr/bin/env bash
# Lints the OpenAPI document the host serves at /openapi/v1.json with Redocly's recommended ruleset; exit code 0
# when it reports no errors (warnings are printed, not fatal).
#
#   ops/openapi-lint.sh                       builds and starts the host on a throwaway SQLite file, fetches the
#                                             document, stops the host, lints
#   ops/openapi-lint.sh http://host:5080      lints the document a running host serves
#   ops/openapi-lint.sh path/to/openapi.json  lints a saved document (ops/test.sh lints test-output/openapi.json)
# OPENAPI_KEEP=file keeps a copy of the linted document.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDOCLY="@redocly/cli@2.77.0"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
TARGET="${1:-}"
WORK="$(mktemp -d /tmp/petitions-openapi.XXXXXX)"
host_pid=""
cleanup() {
    if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

fetch() { curl -fsS "$1/openapi/v1.json" -o "$WORK/openapi.json"; }

if [ -n "$TARGET" ] && [ -f "$TARGET" ]; then
    cp "$TARGET" "$WORK/openapi.json"
elif [ -n "$TARGET" ]; then
    fetch "${TARGET%/}"
else
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    dotnet build "$ROOT/src/Petitions.Host" -c Release -nologo -v q >/dev/null
    url="http://127.0.0.1:$(free_port)"
    (cd "$ROOT/src/Petitions.Host/bin/Release/net10.0" && exec dotnet Petitions.Host.dll --urls "$url" \
        "--Storage:Profile=Embedded" "--Storage:Sqlite:Path=$WORK/petitions.db" \
        "--Orleans:SiloPort=$(free_port)" "--Orleans:GatewayPort=$(free_port)" "--Orleans:ClusterId=openapi-$$" \
        "--Auth:BootstrapAdminPassword=openapi-lint-$$" "--Logging:LogLevel:Default=Warning") >"$WORK/host.log" 2>&1 &
    host_pid=$!
    for _ in $(seq 1 300); do
        curl -fsS "$url/health" >/dev/null 2>&1 && break
        kill -0 "$host_pid" 2>/dev/null || { cat "$WORK/host.log" >&2; echo "openapi-lint.sh: the host exited" >&2; exit 1; }
        sleep 0.2
    done
    fetch "$url"
fi

[ -z "${OPENAPI_KEEP:-}" ] || cp "$WORK/openapi.json" "$OPENAPI_KEEP"
echo "openapi-lint.sh: $(grep -o '"operationId"' "$WORK/openapi.json" | wc -l) operations; linting with $REDOCLY (recommended rules)"
npx --yes "$REDOCLY" lint --extends=recommended --format=codeframe "$WORK/openapi.json"
