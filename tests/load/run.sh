#!/usr/bin/env bash
# Builds the server in Release and runs the load test (tests/load/load-test.mjs). Needs client/node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build server/GradientWeb.Server -c Release -p:SkipClientBuild=true --nologo -v quiet
exec node tests/load/load-test.mjs
