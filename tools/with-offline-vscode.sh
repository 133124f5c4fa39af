#!/usr/bin/env bash
# Run a command (e.g. the integration tests) with @vscode/test-electron pointed at the code-server shim instead of
# a downloaded VS Code. Installs the offline VS Code server and Node 24 on first use (cached).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
envlines=$(bash "$here/install-offline-vscode.sh")   # an assignment, so a failed install stops here (set -e)
eval "$envlines"
export VSCODE_EXECUTABLE_PATH="$here/code-server-as-vscode.mjs"
exec "$@"
