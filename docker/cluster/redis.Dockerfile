# Redis for compose.cluster.yaml's SignalR backplane, from Debian's package. It only relays messages between the
# nodes, so it keeps nothing on disk. DEBIAN_IMAGE: see postgres.Dockerfile.
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
# Reachable only on the stack's own network (compose.cluster.yaml publishes no Redis port), hence no protected mode.
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
