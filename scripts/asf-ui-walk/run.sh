#!/usr/bin/env bash
# Walks ASF-ui through a fresh node: scripts/asf-ui-walk/run.sh ASF_UI_DIST
#
# ASF_UI_DIST is ASF-ui's production build (its dist/ folder after `npm ci && npm run build`); ASF-ui is not part of this
# repository. The script builds the node, starts it on 127.0.0.1 with that folder as actorrpc.ipc.web-root, two bots
# and a password, walks ASF-ui's pages in headless Chromium (walk.mjs), stops the node and exits 1 if a check failed.
# Screenshots of each page go to $SHOTS (default: a folder the script prints).
set -euo pipefail
dist=$(cd "${1:?usage: run.sh ASF_UI_DIST}" && pwd)
[ -f "$dist/index.html" ] || { echo "$dist has no index.html: build ASF-ui first (npm ci && npm run build)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${ACTORRPC_WALK_PORT:-12420}

"$repo/scripts/need-debian-packages.sh" npm=nodejs,npm /usr/bin/chromium=chromium
(cd "$here" && npm install --no-audit --no-fund --silent)
dotnet build "$repo/src/Node" -c Release -v q -nologo

work=$(mktemp -d)
mkdir -p "$work/config" "$work/plugins"
echo '{"Enabled": true}' >"$work/config/alpha.json"
echo '{"Enabled": false}' >"$work/config/bravo.json"
export SHOTS=${SHOTS:-$work/shots}
# The owner id has a Steam ID's form: ASF-ui's config page checks SteamOwnerID as one.
env "actorrpc__ipc__web-root=$dist" dotnet "$repo/src/Node/bin/Release/net10.0/ActorRpc.Node.dll" --server \
  --ipc-port "$port" --rpc-port $((port + 1)) --ipc-password walk-secret --owner-id 76561197960287930 \
  --bots-dir "$work/config" --plugins-dir "$work/plugins" >"$work/node.log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null; wait "$node_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/HealthCheck" && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }
  sleep 0.5
done
echo "node on http://127.0.0.1:$port (log: $work/node.log, screenshots: $SHOTS)"
BASE="http://127.0.0.1:$port" PASSWORD=walk-secret BOTS_DIR="$work/config" node "$here/walk.mjs"
