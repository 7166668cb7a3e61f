#!/usr/bin/env bash
# Runs every test of ActorRpc from a clean clone: restores, builds (warnings are errors in src/), tests.
# Debian packages the tests need are installed here; the tests start (and stop) their own processes.
set -euo pipefail
cd "$(dirname "$0")"

# The metrics tests check /metrics with promtool and scrape it with a real Prometheus (Debian's package).
# The cluster tests run a private rabbitmq-server per test collection from the package's scripts in
# /usr/lib/rabbitmq/bin, on free loopback ports. On a host with systemd, installing the package also starts
# a system broker on port 5672; the tests leave it alone.
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # env, not a plain assignment: sudo would drop DEBIAN_FRONTEND from the environment.
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet build ActorRpc.sln -c Release
dotnet test ActorRpc.sln -c Release --no-build "$@"
