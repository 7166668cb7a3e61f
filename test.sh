#!/usr/bin/env bash
# Runs every test of ActorRpc from a clean clone: restores, builds (warnings are errors in src/), tests.
# Debian packages the tests need are installed here; the tests start (and stop) their own processes.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the build and the tests need, installed when missing:
# - nodejs, npm: the build compiles the web console's TypeScript (npm restores the compiler from its lock file);
# - prometheus: the metrics tests check /metrics with promtool and scrape it with a real Prometheus;
# - rabbitmq-server: the cluster tests run a private broker per test collection from the package's scripts in
#   /usr/lib/rabbitmq/bin, on free loopback ports (on a host with systemd, installing the package also starts a
#   system broker on port 5672; the tests leave it alone);
# - chromium: the web console's tests drive Debian's chromium, headless, with Playwright.
scripts/need-debian-packages.sh npm=nodejs,npm promtool=prometheus /usr/lib/rabbitmq/bin/rabbitmq-server=rabbitmq-server /usr/bin/chromium=chromium

dotnet build ActorRpc.sln -c Release
dotnet test ActorRpc.sln -c Release --no-build "$@"
