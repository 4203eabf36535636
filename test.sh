#!/usr/bin/env bash
# Runs every test: the client's unit tests (vitest), then every .NET test project (engine, server + hub incl. the
# npm SignalR client under node, generated PyTorch scripts under python3-torch, browser tests in headless Chromium),
# and the libtorch engine's tests (inside a Debian 13 rootfs made by tests/torchsharp/rootfs.sh on Debian 12).
# On a fresh Debian machine it first installs what is missing: Debian's chromium and python3-torch, and the client's
# npm packages.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's chromium for the browser tests (never a downloaded browser) and fonts-nanum for their Korean pages;
# Debian's PyTorch for the test that runs GET /jobs/{id}/script.py under real torch.
missing=""
[ -x "${GW_CHROMIUM:-/usr/bin/chromium}" ] || missing=" chromium"
[ -n "${GW_PYTHON:-}" ] || /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || missing="$missing python3-torch python3-numpy"
# Korean renders as boxes in the browser tests' screenshots without a Korean font.
[ -d /usr/share/fonts/truetype/nanum ] || missing="$missing fonts-nanum"
# PostgreSQL's binaries: the storage and work-queue tests start their own cluster on a loopback port
# (tests/Shared/PostgresServer.cs) and fail, not skip, without it.
[ -n "${GW_POSTGRES_BIN:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# Redis: the backplane tests start their own redis-server on a loopback port (tests/Shared/RedisServer.cs).
[ -n "${GW_REDIS_SERVER:-}" ] || [ -x /usr/bin/redis-server ] || missing="$missing redis-server"
if [ -n "$missing" ]; then
  echo "== installing Debian's$missing"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # policy-rc.d answering 101 keeps apt from starting the system's PostgreSQL and Redis services: the tests start their own.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null && $sudo_cmd chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -o DPkg::Lock::Timeout=900 $missing >/dev/null
  [ -z "$policy" ] || $sudo_cmd rm -f "$policy"
fi

if [ ! -f client/node_modules/.package-lock.json ] || [ client/package-lock.json -nt client/node_modules/.package-lock.json ]; then
  echo "== npm ci (client)"
  (cd client && npm ci --no-audit --no-fund)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

echo "== client unit tests (vitest)"
(cd client && npx vitest run) 2>&1 | tee -a "$log" || status=1

# libtorch (the second engine) loads where libstdc++ has GLIBCXX_3.4.32 (Debian 13, Ubuntu 24.04); there its tests run
# in the solution's run and must not skip. Elsewhere they skip there and run again below inside a Debian 13 rootfs.
libtorch_native=0
grep -qa GLIBCXX_3.4.32 /lib/x86_64-linux-gnu/libstdc++.so.6 2>/dev/null && libtorch_native=1

echo "== .NET tests"
# One project at a time (-m:1): the browser tests measure the page's frame rate and must not share the two cores with
# the server tests' training jobs.
GW_EXPECT_LIBTORCH=$libtorch_native dotnet test GradientWeb.sln --nologo -m:1 2>&1 | tee -a "$log" || status=1

if [ "$libtorch_native" = 0 ]; then
  if [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ] && [ "${GW_SKIP_LIBTORCH:-}" != 1 ]; then
    echo "== libtorch engine tests inside a Debian 13 rootfs (tests/torchsharp/rootfs.sh; this system's libstdc++ is too old)"
    # The engine's own tests, and the server's libtorch jobs (EnginesApiTests), as built by the run above.
    tests/torchsharp/rootfs.sh env GW_EXPECT_LIBTORCH=1 sh -c 'dotnet test tests/GradientWeb.Engine.TorchSharp.Tests --no-build --nologo; a=$?
      dotnet test tests/GradientWeb.Server.Tests --no-build --nologo --filter "FullyQualifiedName~EnginesApiTests"; b=$?
      [ $a = 0 ] && [ $b = 0 ]' 2>&1 | tee -a "$log" || status=1
  else
    echo "== libtorch engine tests skipped: this libstdc++ lacks GLIBCXX_3.4.32 and the Debian 13 rootfs needs Debian and root (GW_SKIP_LIBTORCH=1 skips it)"
  fi
fi

# `docker compose up`, proven with Podman and air-gapped (docker/smoke-test.sh), where the machine can: Debian, root.
smoke_passed=0; smoke_failed=0
if [ "${GW_SKIP_SMOKE:-}" != 1 ] && [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ]; then
  echo "== container smoke test (docker/smoke-test.sh)"
  # It keeps the app image it built for the scaled stack's test, which removes it.
  if GW_KEEP_APP_IMAGE=1 ./docker/smoke-test.sh 2>&1 | grep -v -e 'npm warn' -e 'level=warning' -e 'level=error' | tee -a "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then
    smoke_passed=1
  else
    smoke_failed=1; status=1
  fi
  # `docker compose -f compose.cluster.yaml up`: three nodes, PostgreSQL, Redis, HAProxy; one node killed mid-job.
  echo "== scaled stack test (docker/cluster-test.sh)"
  if GW_REUSE_APP_IMAGE=1 ./docker/cluster-test.sh 2>&1 | grep -v -e 'npm warn' -e 'level=warning' -e 'level=error' | tee -a "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then
    smoke_passed=$((smoke_passed + 1))
  else
    smoke_failed=$((smoke_failed + 1)); status=1
  fi
else
  echo "== container smoke and scaled stack tests skipped (need Debian and root; GW_SKIP_SMOKE=1 skips them)"
fi

# One closing line over every runner: 'N passed, N failed, N skipped'.
summary=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  /^ +Tests +[0-9]+/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
  END { printf "%d passed, %d failed, %d skipped\n", p + sp, f + sf, s }' sp="$smoke_passed" sf="$smoke_failed")
echo "$summary"
case "$summary" in
  "0 passed,"*) echo "No test ran." >&2; exit 1 ;;
  *" 0 failed,"*) exit "$status" ;;
  *) exit 1 ;;
esac
