# Sourced by docker/smoke-test.sh and docker/cluster-test.sh (which set PORT, PROJECT and URL): Podman and its tools from
# Debian, Podman's configuration for this machine, the Debian 13 base images made locally (debootstrap trixie, + this
# machine's .NET and Node), the NuGet and npm caches filled on the host; build_app_image builds docker/Dockerfile
# with no network into localhost/gradientweb:latest; wait_ready waits for $URL/readyz of compose project $PROJECT.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE=$ROOT/docker/podman
WORK=${GW_SMOKE_WORK:-/var/tmp/gw-smoke}
BASE=localhost/gw-base

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


build_app_image() {
  if [ "${GW_REUSE_APP_IMAGE:-}" = 1 ] && podman image exists localhost/gradientweb:latest; then
    ok "GW_REUSE_APP_IMAGE=1: the app image the smoke test just built from this tree"
    return
  fi
  step "filling the NuGet and npm caches on the host (the build itself has no network)"
  dotnet restore server/GradientWeb.Server/GradientWeb.Server.csproj -p:SkipClientBuild=true -p:LibTorch=true >/dev/null
  (cd client && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
  nuget_packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  npm_cache=$(npm config get cache)
  step "podman build docker/Dockerfile (--network=none, base images from arguments)"
  podman build --pull=never --network=none --format docker -q \
    -v "$nuget_packages:/root/.nuget/packages:ro" -v "$HERE/nuget-offline.config:/root/.nuget/NuGet/NuGet.Config:ro" \
    -v "$npm_cache:/root/.npm" -v "$HERE/npmrc-offline:/root/.npmrc:ro" \
    --build-arg SDK_IMAGE=$SDK --build-arg RUNTIME_IMAGE=$ASPNET --build-arg NODE_IMAGE=$NODE \
    -t localhost/gradientweb:latest -f docker/Dockerfile . >/dev/null
  ok "image built: $(podman image inspect localhost/gradientweb:latest --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}') (its Debian 13 runtime base: $(podman image inspect $ASPNET --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')), user $(podman image inspect localhost/gradientweb:latest --format '{{.Config.User}}'), healthcheck $(podman image inspect localhost/gradientweb:latest --format '{{if .Config.Healthcheck}}set{{else}}missing{{end}}')"
}

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  podman-compose -p $PROJECT logs >&2 || true
  fail "the stack did not become ready at $URL/readyz"
}
