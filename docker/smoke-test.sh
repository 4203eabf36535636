#!/usr/bin/env bash
# Proves `docker compose up` on this machine, air-gapped: Podman instead of a Docker engine, Debian 13 base images made
# locally (debootstrap trixie, as the official .NET 10 images are, + this machine's .NET and Node), the image built from
# docker/Dockerfile with no network, the stack brought up from compose.yaml with podman-compose. Then: health, both
# engines, lecture 000's job and its history on ours and on libtorch, a restart that keeps the job, and a clean-up of
# everything it started (base images stay cached).
# Needs Debian and root. Exits non-zero on any failure; prints each check.
set -euo pipefail
PORT=${GW_SMOKE_PORT:-18080}
PROJECT=gwsmoke
URL=http://127.0.0.1:$PORT

. "$(dirname "$0")/podman/prepare.sh"   # from the repository's root from here on

cleanup() {
  step "cleaning up"
  (cd "$ROOT" && podman-compose -p $PROJECT down -v >/dev/null 2>&1) || true
  podman volume rm -f ${PROJECT}_gradientweb-data >/dev/null 2>&1 || true
  podman network rm -f ${PROJECT}_default >/dev/null 2>&1 || true
  [ "${GW_KEEP_APP_IMAGE:-}" = 1 ] || podman rmi -f localhost/gradientweb:latest >/dev/null 2>&1 || true   # kept for docker/cluster-test.sh
  podman image prune -f >/dev/null 2>&1 || true   # the build's intermediate stages; the gw-base images stay cached
}
trap cleanup EXIT
[ -n "${GW_SMOKE_KEEP:-}" ] && trap - EXIT
cleanup

build_app_image

step "podman-compose up (the shipped compose.yaml; port $PORT)"
GRADIENTWEB_PORT=$PORT podman-compose -p $PROJECT up -d >/dev/null
wait_ready
ok "ready: $URL/readyz"
container=$(podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | head -n 1)
podman healthcheck run "$container" >/dev/null || fail "the image's HEALTHCHECK failed in $container"
ok "the image's HEALTHCHECK passes in $container"

# lecture000_job [ENGINE]: POSTs lecture 000's job (on ENGINE if given), waits up to 30 s for it, prints its id.
lecture000_job() {
  local engine=${1:+\"engine\":\"$1\",} id status
  id=$(curl -fsS -X POST "$URL/train" -H 'Content-Type: application/json' \
    -d "{$engine\"dataset\":{\"name\":\"icecream\"},\"loss\":\"sse\",\"lr\":0.001,\"epochs\":30,\"init\":{\"weights\":[-5,10]}}" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
  [ ${#id} = 24 ] || fail "POST /train${1:+ on $1} gave no job id"
  for _ in $(seq 1 150); do
    status=$(curl -fsS "$URL/jobs/$id" | sed -E 's/.*"status":"([a-z]+)".*/\1/')
    [ "$status" = completed ] && break
    sleep 0.2
  done
  [ "$status" = completed ] || fail "job $id${1:+ on $1} is $status, not completed: $(curl -fsS "$URL/jobs/$id")"
  echo "$id"
}

step "lecture 000's job"
id=$(lecture000_job)
history=$(curl -fsS "$URL/jobs/$id/history")
records=$(grep -o '"epoch":' <<<"$history" | wc -l)
[ "$records" = 31 ] || fail "history has $records records, not 31"
grep -q '"epoch":30,"loss":26.39[0-9]*,"weights":\[2.42894[0-9]*,4.01445[0-9]*\]' <<<"$history" || fail "epoch 30 is not lecture 000's W = [2.4289, 4.0145]"
ok "job $id completed; 31 records; epoch 30 W = [2.4289, 4.0145]"

step "the libtorch engine (Debian 13's libstdc++ loads TorchSharp's shim)"
engines=$(curl -fsS "$URL/engines")
grep -q '"name":"libtorch","version":"libtorch 2\.10\.0[^"]*","available":true' <<<"$engines" || fail "GET /engines does not list libtorch as available: $engines"
ok "GET /engines: libtorch available"
torch_id=$(lecture000_job libtorch)
# The notes print W to 4 decimals: libtorch's float32 numbers round to the same table.
w=$(curl -fsS "$URL/jobs/$torch_id/history" | grep -o '"epoch":30,"loss":[^,]*,"weights":\[[^]]*\]' | sed -E 's/.*\[(.*)\]/\1/')
[ "$(awk -F, '{ printf "%.4f,%.4f", $1, $2 }' <<<"$w")" = "2.4289,4.0145" ] || fail "libtorch's epoch 30 is W = [$w], not lecture 000's [2.4289, 4.0145]"
ok "libtorch job $torch_id completed; epoch 30 W = [$w] = lecture 000's [2.4289, 4.0145]"

step "restart the stack: down (volume kept), up"
podman-compose -p $PROJECT down >/dev/null
GRADIENTWEB_PORT=$PORT podman-compose -p $PROJECT up -d >/dev/null
wait_ready
[ "$(curl -fsS "$URL/jobs/$id/history")" = "$history" ] || fail "job $id's history changed or vanished across the restart"
ok "after the restart job $id is still there with the same history"

echo "SMOKE TEST PASSED"
