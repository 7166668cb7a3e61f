#!/usr/bin/env bash
# Runs every test of ActorRpc from a clean clone: restores, builds (warnings are errors in src/), tests.
# Set-up that later test suites need (e.g. a local rabbitmq-server) is installed and started here.
set -euo pipefail
cd "$(dirname "$0")"

dotnet build ActorRpc.sln -c Release
dotnet test ActorRpc.sln -c Release --no-build "$@"
