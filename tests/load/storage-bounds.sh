#!/usr/bin/env bash
# Issue 16, finding 1's cases on a real server process: an mlp with 300-wide layers (91 201 weights) on two points for
# 1 500, 12 000 and 100 000 epochs, each on a fresh server and database. Prints the server's peak memory (VmHWM)
# and the database's size (file + WAL) once the job has finished; the README quotes the result.
# Usage: tests/load/storage-bounds.sh [port]   (builds the server in Release first)
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-5291}"
dotnet build server/GradientWeb.Server -c Release -p:SkipClientBuild=true --nologo -v quiet >/dev/null
dll="$PWD/server/GradientWeb.Server/bin/Release/net10.0/GradientWeb.Server.dll"
base="http://127.0.0.1:$port"

# STORAGE_EPOCHS picks cases, e.g. STORAGE_EPOCHS=100000.
for epochs in ${STORAGE_EPOCHS:-1500 12000 100000}; do
  data=$(mktemp -d)
  dotnet "$dll" --urls "$base" --contentRoot "$PWD/server/GradientWeb.Server" --Storage:Path="$data/gw.db" >"$data/server.log" 2>&1 &
  pid=$!
  until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done
  body='{ "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 300 }, "relu", { "linear": 300 }, "relu", { "linear": 1 }] },
          "lr": 0.001, "epochs": '"$epochs"', "init": { "seed": 1 } }'
  id=$(curl -sf -X POST "$base/train" -H 'Content-Type: application/json' -d "$body" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
  start=$(date +%s.%N)
  until curl -sf "$base/jobs/$id" | grep -qE '"status":"(completed|diverged|failed)"'; do sleep 0.5; done
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  job=$(curl -sf "$base/jobs/$id")
  status=$(echo "$job" | sed -E 's/.*"status":"([a-z]+)".*/\1/')
  every=$(echo "$job" | sed -E 's/.*"recordEvery":([0-9]+).*/\1/')
  peak=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  db=$(du -cb "$data"/gw.db* | awk 'END { printf "%.1f", $1 / 1048576 }')
  printf 'mlp 1-300-300-1 (91 201 weights), 2 points, %6d epochs: %s in %.1f s, recordEvery %s, server peak %s MB, database %s MB\n' \
    "$epochs" "$status" "$seconds" "$every" "$peak" "$db"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
