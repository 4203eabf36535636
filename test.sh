#!/usr/bin/env bash
# Runs every test: the client's unit tests (vitest), then every .NET test project (engine, server + hub incl. the
# npm SignalR client under node, browser tests in headless Chromium). On a fresh Debian machine it first installs
# what is missing: Debian's chromium (never a downloaded browser) and the client's npm packages.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x "${GW_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "== installing Debian's chromium for the browser tests"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -o DPkg::Lock::Timeout=900 chromium >/dev/null
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

echo "== .NET tests"
dotnet test GradientWeb.sln --nologo 2>&1 | tee -a "$log" || status=1

# One closing line over every runner: 'N passed, N failed, N skipped'.
summary=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  /^ +Tests +[0-9]+/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }')
echo "$summary"
case "$summary" in
  "0 passed,"*) echo "No test ran." >&2; exit 1 ;;
  *" 0 failed,"*) exit "$status" ;;
  *) exit 1 ;;
esac
