#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (see DESIGN.md,
# "Real components and how they start"). Run as root on Debian; elsewhere it
# only reports what is missing, and the tests that need a missing tool fail
# under CI=true and are skipped otherwise.
set -euo pipefail

# package:command pairs
needs=(
  "bgpdump:bgpdump"
)

missing=()
for pair in "${needs[@]}"; do
  pkg=${pair%%:*} cmd=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing Debian packages: ${missing[*]} (run 'make deps' as root on Debian)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/install-deps.log 2>&1; then
  apt-get update >>/tmp/install-deps.log 2>&1
  apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/install-deps.log 2>&1 ||
    { cat /tmp/install-deps.log >&2; exit 1; }
fi
