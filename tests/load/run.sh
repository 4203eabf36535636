#!/usr/bin/env bash
# Builds the server in Release and runs the load test: tests/load/load-test.mjs (one node), or with `cluster`
# tests/load/cluster-test.mjs (three nodes on Debian's PostgreSQL and redis-server). Needs client/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build server/GradientWeb.Server -c Release -p:SkipClientBuild=true --nologo -v quiet
if [ "${1:-}" = cluster ]; then exec node tests/load/cluster-test.mjs; fi
exec node tests/load/load-test.mjs
