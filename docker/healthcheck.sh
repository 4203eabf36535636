#!/bin/bash
# The container's health check, without curl in the image: bash's /dev/tcp speaks just enough HTTP.
# Checks /healthz (liveness) by default; pass another path (/readyz: storage answers, worker runs) to check it instead.
exec 3<>"/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS:-8080}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "${1:-/healthz}" >&3
read -r -t 3 status <&3 && [[ $status == *" 200 "* ]]
