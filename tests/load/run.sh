#!/usr/bin/env bash
# Builds the server in Release and runs the load test: tests/load/load-test.mjs (one node), or with `cluster`
# tests/load/cluster-test.mjs (three nodes on Debian's PostgreSQL and redis-server). Needs client/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
began=$SECONDS
dotnet build server/GradientWeb.Server -c Release -p:SkipClientBuild=true --nologo -v quiet
trap 'echo "load run took $((SECONDS - began)) s (build included)"' EXIT
if [ "${1:-}" = cluster ]; then node tests/load/cluster-test.mjs; exit; fi
node tests/load/load-test.mjs
