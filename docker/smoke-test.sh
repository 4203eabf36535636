#!/usr/bin/env bash
# Proves `docker compose up` on this machine, air-gapped: Podman instead of a Docker engine, Debian 13 base images made
# locally (debootstrap trixie, as the official .NET 10 images are, + this machine's .NET and Node), the image built from
# docker/Dockerfile with no network, the stack brought up from compose.yaml with podman-compose. Then: health, both
# engines, lecture 000's job and its history on ours and on libtorch, a restart that keeps the job, and a clean-up of
# everything it started (base images stay cached).
# Needs Debian and root. Exits non-zero on any failure; prints each check.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
HERE=$ROOT/docker/podman
WORK=${GW_SMOKE_WORK:-/var/tmp/gw-smoke}
PORT=${GW_SMOKE_PORT:-18080}
PROJECT=gwsmoke
BASE=localhost/gw-base
URL=http://127.0.0.1:$PORT

step() { echo "== $*"; }
ok() { echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (podman, debootstrap)"
[ -r /etc/debian_version ] || fail "needs Debian"

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v podman-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  step "installing podman, buildah, podman-compose, debootstrap from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=900 \
    podman buildah runc podman-compose slirp4netns fuse-overlayfs uidmap debootstrap curl >/dev/null
fi

# Podman's defaults fail here (crun rlimits, hybrid cgroups): runc, cgroupfs, explicit ulimits.
export CONTAINERS_CONF=$HERE/containers.conf CONTAINERS_STORAGE_CONF=$HERE/storage.conf CONTAINERS_REGISTRIES_CONF=$HERE/registries.conf
mkdir -p "$WORK"

image_exists() { podman image exists "$1"; }

# Debian 13, as the official aspnet:10.0 image: TorchSharp's shim needs its libstdc++ (GLIBCXX_3.4.32). The tags say
# trixie so base images an older recipe made from bookworm are never reused.
DEBIAN=$BASE/debian:trixie SDK=$BASE/dotnet-sdk:10.0-trixie ASPNET=$BASE/dotnet-aspnet:10.0-trixie NODE=$BASE/node:20-trixie
if ! image_exists $DEBIAN; then
  step "base image: Debian 13 (trixie) minbase by debootstrap"
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,libicu76,libssl3t64,zlib1g,libstdc++6,libgssapi-krb5-2 trixie "$WORK/rootfs" \
    "${GW_DEBIAN_MIRROR:-$("$ROOT/docker/apt-mirror.sh")}" >"$WORK/debootstrap.log" 2>&1 || { tail -n 20 "$WORK/debootstrap.log" >&2; fail "debootstrap"; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar --numeric-owner -C "$WORK/rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - $DEBIAN >/dev/null
  rm -rf "$WORK/rootfs"
fi
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
if ! image_exists $SDK; then
  step "base image: .NET SDK from $dotnet_root"
  c=$(buildah from --pull-never $DEBIAN)
  buildah copy "$c" "$dotnet_root" /usr/share/dotnet >/dev/null
  buildah run "$c" ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
  buildah config --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$c"
  buildah commit -q "$c" $SDK >/dev/null && buildah rm "$c" >/dev/null
fi
if ! image_exists $ASPNET; then
  step "base image: ASP.NET runtime (dotnet, host, shared; no SDK)"
  c=$(buildah from --pull-never $DEBIAN)
  buildah run "$c" mkdir -p /usr/share/dotnet
  for part in dotnet host shared; do buildah copy "$c" "$dotnet_root/$part" /usr/share/dotnet/$part >/dev/null; done
  buildah run "$c" ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
  buildah config --env ASPNETCORE_HTTP_PORTS=8080 --env APP_UID=1654 --env DOTNET_RUNNING_IN_CONTAINER=true "$c"
  buildah commit -q "$c" $ASPNET >/dev/null && buildah rm "$c" >/dev/null
fi
if ! image_exists $NODE; then
  step "base image: Node from $(command -v node)"
  c=$(buildah from --pull-never $DEBIAN)
  buildah copy "$c" "$(readlink -f "$(command -v node)")" /usr/bin/node >/dev/null
  buildah copy "$c" /usr/lib/node_modules/npm /usr/lib/node_modules/npm >/dev/null
  buildah run "$c" ln -s /usr/lib/node_modules/npm/bin/npm-cli.js /usr/bin/npm
  buildah run "$c" ln -s /usr/lib/node_modules/npm/bin/npx-cli.js /usr/bin/npx
  buildah commit -q "$c" $NODE >/dev/null && buildah rm "$c" >/dev/null
fi
ok "base images: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep gw-base | tr '\n' ' ')"

step "filling the NuGet and npm caches on the host (the build itself has no network)"
dotnet restore server/GradientWeb.Server/GradientWeb.Server.csproj -p:SkipClientBuild=true -p:LibTorch=true >/dev/null
(cd client && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
nuget_packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
npm_cache=$(npm config get cache)

cleanup() {
  step "cleaning up"
  (cd "$ROOT" && podman-compose -p $PROJECT down -v >/dev/null 2>&1) || true
  podman volume rm -f ${PROJECT}_gradientweb-data >/dev/null 2>&1 || true
  podman network rm -f ${PROJECT}_default >/dev/null 2>&1 || true
  podman rmi -f localhost/gradientweb:latest >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true   # the build's intermediate stages; the gw-base images stay cached
}
trap cleanup EXIT
[ -n "${GW_SMOKE_KEEP:-}" ] && trap - EXIT
cleanup

step "podman build docker/Dockerfile (--network=none, base images from arguments)"
podman build --pull=never --network=none --format docker -q \
  -v "$nuget_packages:/root/.nuget/packages:ro" -v "$HERE/nuget-offline.config:/root/.nuget/NuGet/NuGet.Config:ro" \
  -v "$npm_cache:/root/.npm" -v "$HERE/npmrc-offline:/root/.npmrc:ro" \
  --build-arg SDK_IMAGE=$SDK --build-arg RUNTIME_IMAGE=$ASPNET --build-arg NODE_IMAGE=$NODE \
  -t localhost/gradientweb:latest -f docker/Dockerfile . >/dev/null
ok "image built: $(podman image inspect localhost/gradientweb:latest --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}') (its Debian 13 runtime base: $(podman image inspect $ASPNET --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')), user $(podman image inspect localhost/gradientweb:latest --format '{{.Config.User}}'), healthcheck $(podman image inspect localhost/gradientweb:latest --format '{{if .Config.Healthcheck}}set{{else}}missing{{end}}')"

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  podman-compose -p $PROJECT logs >&2 || true
  fail "the stack did not become ready at $URL/readyz"
}

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
