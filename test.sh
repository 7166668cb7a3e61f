#!/usr/bin/env bash
# Runs every test of ActorRpc from a clean clone: restores, builds (warnings are errors in src/), tests.
# Set-up that later test suites need (e.g. a local rabbitmq-server) is installed and started here.
set -euo pipefail
cd "$(dirname "$0")"

# The metrics tests check /metrics with promtool and scrape it with a real Prometheus (Debian's package).
if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

dotnet build ActorRpc.sln -c Release
dotnet test ActorRpc.sln -c Release --no-build "$@"
