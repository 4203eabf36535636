#!/usr/bin/env bash
# Proves `docker compose -f compose.cluster.yaml up` on this machine the way docker/smoke-test.sh proves the single
# node: Podman, the Debian 13 base images made locally, the app image built from docker/Dockerfile with no network;
# PostgreSQL, Redis and HAProxy images from Debian's packages (docker/cluster/*.Dockerfile, apt from this machine's
# Debian mirror). Then, all through the proxy on one port: every node ready, an upload and a job POSTed, the job
# watched over SignalR (docker/cluster/watch-job.mjs), the node training it killed (SIGKILL), another node taking the
# job over once its lease runs out, the watcher (reconnecting through the proxy if its node was the one killed) getting
# every epoch once and in order, the same as the stored history; and a clean-up of everything it started (base and
# service images stay cached). Needs Debian and root. Exits non-zero on any failure; prints each check.
set -euo pipefail
PORT=${GW_CLUSTER_PORT:-18090}
PROJECT=gwcluster
URL=http://127.0.0.1:$PORT
LEASE_SECONDS=6

. "$(dirname "$0")/podman/prepare.sh"   # from the repository's root from here on

compose() { GRADIENTWEB_PORT=$PORT GRADIENTWEB_LEASE_SECONDS=$LEASE_SECONDS podman-compose -f compose.cluster.yaml -p $PROJECT "$@"; }
cleanup() {
  step "cleaning up"
  [ -n "${watcher:-}" ] && kill "$watcher" 2>/dev/null
  compose down -v >/dev/null 2>&1 || true
  podman volume rm -f ${PROJECT}_gradientweb-db >/dev/null 2>&1 || true
  podman network rm -f ${PROJECT}_default >/dev/null 2>&1 || true
  [ "${1:-}" = start ] && [ "${GW_REUSE_APP_IMAGE:-}" = 1 ] || podman rmi -f localhost/gradientweb:latest >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true   # the build's intermediate stages; base and service images stay cached
}
trap cleanup EXIT
[ -n "${GW_SMOKE_KEEP:-}" ] && trap - EXIT
cleanup start

step "podman build docker/cluster/*.Dockerfile (Debian's postgresql, redis-server, haproxy; cached after the first run)"
for service in postgres redis haproxy; do
  podman build --pull=never --format docker -q --build-arg DEBIAN_IMAGE=$DEBIAN \
    -t localhost/gradientweb-$service:latest -f docker/cluster/$service.Dockerfile . >/dev/null
done
ok "service images: $(for s in postgres redis haproxy; do podman image inspect localhost/gradientweb-$s:latest --format "$s {{.Size}}" | awk '{printf "%s %.0f MB, ", $1, $2/1e6}'; done)"
build_app_image

step "podman-compose -f compose.cluster.yaml up (PostgreSQL, Redis, app1..app3, HAProxy on port $PORT; lease ${LEASE_SECONDS} s)"
compose up -d >/dev/null
wait_ready
for node in app1 app2 app3; do
  for _ in $(seq 1 120); do podman exec ${PROJECT}_${node}_1 /app/healthcheck.sh /readyz && break; sleep 0.5; done
  podman exec ${PROJECT}_${node}_1 /app/healthcheck.sh /readyz || fail "$node is not ready"
done
ok "through the proxy: $URL/readyz; app1, app2, app3 ready on one PostgreSQL and one Redis"
psql() { podman exec ${PROJECT}_postgres_1 psql -U gradientweb -d gradientweb -tAc "$1"; }

step "a job through the proxy, watched over SignalR through the proxy"
# A 1→16→16→1 mlp on 20 000 generated points for 10 000 epochs: ~45 s on a quiet machine, minutes on a loaded one;
# either way it is running when its node is killed (on 2 000 points it once took 4.5 s and was killed as it ended).
[ -d client/node_modules/@microsoft/signalr ] || (cd client && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
EPOCHS=10000
request='{"dataset":{"generate":"linear","n":20000,"seed":7},"model":{"type":"mlp","layers":[{"linear":16},"tanh",{"linear":16},"tanh",{"linear":1}]},"loss":"mse","optimizer":{"type":"adam"},"lr":0.01,"epochs":'$EPOCHS',"init":{"seed":1}}'
node docker/cluster/watch-job.mjs "$URL" "$request" >"$WORK/watch.log" 2>&1 &
watcher=$!
id=
for _ in $(seq 1 120); do
  id=$(sed -n 's/^job //p' "$WORK/watch.log")
  [ -n "$id" ] && break
  kill -0 $watcher 2>/dev/null || { cat "$WORK/watch.log" >&2; fail "the watcher stopped"; }
  sleep 0.5
done
[ -n "$id" ] || fail "the watcher did not start watching: $(cat "$WORK/watch.log")"
# The API through the proxy answers in milliseconds (a psql through podman exec can take a second under load).
for _ in $(seq 1 600); do
  job=$(curl -fsS "$URL/jobs/$id" || true)
  [[ $job =~ \"status\":\"running\".*\"epochsDone\":[1-9] ]] && break
  sleep 0.2
done
owner=$(psql "SELECT lease_owner FROM jobs WHERE id = '$id' AND status = 'running'")
[ -n "$owner" ] || fail "job $id was not seen running: $(curl -fsS "$URL/jobs/$id" | head -c 300)"
done_at_kill=$(psql "SELECT epochs_done FROM jobs WHERE id = '$id'")
ok "job $id running on $owner (epoch $done_at_kill of $EPOCHS), watched through the proxy"

step "kill $owner (SIGKILL) mid-job"
podman kill -s KILL ${PROJECT}_${owner}_1 >/dev/null
killed_at=$(date +%s)
for _ in 1 2 3 4 5 6; do curl -fsS "$URL/readyz" >/dev/null || fail "the proxy did not route around the killed $owner"; done
ok "$owner killed at epoch ~$done_at_kill; the proxy keeps answering from the other nodes"

step "the job completes on another node; the watcher gets every epoch once"
wait $watcher || { cat "$WORK/watch.log" >&2; fail "the watcher failed"; }
watcher=
cat "$WORK/watch.log"
finisher=$(psql "SELECT lease_owner || ' (attempt ' || attempt || ')' FROM jobs WHERE id = '$id'")
status=$(curl -fsS "$URL/jobs/$id" | sed -E 's/.*"status":"([a-z]+)".*/\1/')
[ "$status" = completed ] || fail "job $id is $status"
[ "${finisher%% *}" != "$owner" ] || fail "job $id was finished by $owner, the node that was killed"
ok "job $id completed by $finisher $(( $(date +%s) - killed_at )) s after $owner was killed"

echo "CLUSTER SMOKE TEST PASSED"
