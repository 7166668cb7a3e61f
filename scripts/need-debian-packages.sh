#!/usr/bin/env bash
# Installs the Debian packages that are missing, for ./run.sh and ./test.sh.
# Arguments: CHECK=PACKAGE[,PACKAGE...] pairs; CHECK is a command looked up on PATH or an absolute path that must be
# executable. Example: scripts/need-debian-packages.sh npm=nodejs,npm /usr/bin/chromium=chromium
# Needs apt-get and root or sudo; without apt-get it does nothing (the build or the tests then say what is missing).
set -euo pipefail
missing=()
for pair in "$@"; do
  check="${pair%%=*}"
  packages="${pair#*=}"
  if [[ "$check" == /* ]]; then [ -x "$check" ] && continue; else command -v "$check" >/dev/null 2>&1 && continue; fi
  IFS=',' read -r -a names <<<"$packages"
  missing+=("${names[@]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
command -v apt-get >/dev/null 2>&1 || exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}" >&2
# env, not a plain assignment: sudo would drop DEBIAN_FRONTEND from the environment.
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
