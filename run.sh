#!/usr/bin/env bash
# Runs one ActorRpc node from the repository on the embedded defaults: ./run.sh --owner-id 1 [--server] [flags...]
# The build compiles the web console's TypeScript, so Node.js and npm are installed first when missing (Debian).
set -euo pipefail
cd "$(dirname "$0")"
scripts/need-debian-packages.sh npm=nodejs,npm
exec dotnet run -c Release --project src/Node -- "$@"
