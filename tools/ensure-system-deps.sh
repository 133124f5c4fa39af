#!/usr/bin/env bash
# The integration tests drive a real VS Code server with Debian's Chromium; the first install of that server builds
# native addons (kerberos needs gssapi headers). The benchmarks compare `keyless scan` with ripgrep. Installs the
# Debian packages when missing, if it can. `ensure-system-deps.sh bench`: only what the benchmarks need.
set -euo pipefail
need=()
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if [ "${1:-}" != bench ]; then
  command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
  [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  for t in python3 make g++; do command -v "$t" >/dev/null 2>&1 || need+=("$t"); done
fi
[ ${#need[@]} -eq 0 ] && exit 0
for_what=$([ "${1:-}" = bench ] && echo 'benchmarks' || echo 'integration tests and benchmarks')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages for the $for_what: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The $for_what need these Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  exit 1
fi
