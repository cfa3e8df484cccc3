#!/usr/bin/env bash
# Installs everything the end-to-end tests (test/e2e) need, offline except for the npm registry and Debian's packages:
#   - Debian: chromium (driven by playwright-core), ripgrep (seeds @vscode/ripgrep), libkrb5-dev (native `kerberos`),
#     and the native-addon toolchain (python3, make, g++) if missing;
#   - test/e2e/node_modules from test/e2e/package-lock.json: code-server 4.100.3 (= VS Code 1.100.3), playwright-core
#     1.65.1, mocha (for extension-host suites); code-server's postinstall builds node-pty, kerberos, spdlog, ... here.
# Idempotent (skips what is already in place), non-interactive, meant to run as root (CI and dev machines here).
# Usage: bash scripts/setup-e2e.sh        Env: E2E_FORCE_INSTALL=1 reinstalls test/e2e/node_modules.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$REPO/test/e2e"
T0=$SECONDS
step() { echo "[setup-e2e] $*"; }
took() { echo "[setup-e2e]   ... $1 took $(( SECONDS - $2 )) s"; }

# ---- 0. preconditions ------------------------------------------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "[setup-e2e] code-server 4.100.3 needs Node 20 exactly (found $(node -v))" >&2; exit 1
fi
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- 1. Debian packages (only if missing) ----------------------------------------------------------------------
t=$SECONDS
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v make >/dev/null 2>&1 || need+=(make)
command -v g++ >/dev/null 2>&1 || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  step "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  took "apt-get" "$t"
else
  step "Debian packages present (chromium, ripgrep, libkrb5-dev, python3, make, g++)"
fi

# ---- 2. seed @vscode/ripgrep's download cache with Debian's rg (its postinstall would fetch from GitHub) -----------
# @vscode/ripgrep 1.15.11 (inside code-server) looks for $TMPDIR/vscode-ripgrep-cache-1.15.11/<asset> before downloading.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
RG_ASSET="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  step "seeding $RG_ASSET with $(command -v rg)"
  mkdir -p "$RG_CACHE"; tmp="$(mktemp -d)"; cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_ASSET.part" -C "$tmp" rg && mv "$RG_ASSET.part" "$RG_ASSET"; rm -rf "$tmp"
fi

# ---- 3. test/e2e/node_modules ------------------------------------------------------------------------------------
# npm 11 prints "install-scripts ... not yet covered by allowScripts" but still runs them; test/e2e/package.json
# approves the two top-level packages that need theirs (code-server, argon2) by name (pins cannot match here: the
# user .npmrc sets omit-lockfile-registry-resolved, so the lock has no version-bearing URL). The nested installs that
# code-server's postinstall runs in lib/vscode are checked below and rebuilt if their native parts are missing.
export npm_config_unsafe_perm=true   # as root, code-server's postinstall refuses to run without it (npm warns "Unknown env config"; harmless)
export npm_config_yes=true           # node-pty's postinstall runs `npx node-gyp` (would prompt / cancel otherwise)
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/common.gypi ]; then
  export npm_config_nodedir=/usr     # node-gyp builds against Node's own headers (no header download)
fi

VS="$E2E/node_modules/code-server/lib/vscode"
REQUIRED=(
  "$E2E/node_modules/.bin/code-server"
  "$E2E/node_modules/playwright-core/package.json"
  "$E2E/node_modules/mocha/package.json"
  "$E2E/node_modules/argon2/lib/binding/napi-v3/argon2.node"
  "$VS/node_modules/node-pty/build/Release/pty.node"
  "$VS/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "$VS/node_modules/kerberos/build/Release/kerberos.node"
  "$VS/node_modules/native-watchdog/build/Release/watchdog.node"
  "$VS/node_modules/@vscode/ripgrep/bin/rg"
  "$VS/node_modules.asar"
  "$VS/extensions/node_modules"
)
missing() { local f; for f in "${REQUIRED[@]}"; do [ -e "$f" ] || echo "$f"; done; }
STAMP="$E2E/node_modules/.setup-e2e.stamp"
# what the install depends on: the lock, the dependency/approval fields of package.json, node and npm versions
want_stamp="$( { cat "$E2E/package-lock.json"; node -p 'const p = require(process.argv[1]);
  JSON.stringify([p.devDependencies, p.dependencies, p.allowScripts])' "$E2E/package.json"; } | sha256sum | cut -c1-16) node-$(node -v) npm-$(npm -v)"

if [ "${E2E_FORCE_INSTALL:-0}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ]; then
  step "test/e2e/node_modules matches the lock ($want_stamp)"
else
  t=$SECONDS
  step "npm ci in test/e2e (code-server + native builds: about 1-3 min)"
  rm -f "$STAMP"
  log="$(mktemp)"
  if ! (cd "$E2E" && npm ci --no-audit --no-fund >"$log" 2>&1); then
    tail -n 150 "$log" >&2; echo "[setup-e2e] npm ci failed (full log: $log)" >&2; exit 1
  fi
  grep -E "^(added|npm warn install-scripts)" "$log" || true
  rm -f "$log"
  took "npm ci" "$t"
fi
if [ -n "$(missing)" ]; then
  # Install scripts did not run (an npm that blocks unreviewed dependency scripts, an interrupted install, a deleted
  # build): run them explicitly. The tree in lib/vscode is code-server's own, pinned by its npm-shrinkwrap.json, so
  # allowing its scripts is the same decision as approving code-server's postinstall in test/e2e/package.json.
  t=$SECONDS
  step "native parts missing; rebuilding:"; missing | sed 's/^/    /'
  (cd "$E2E" && { [ -d "$VS/node_modules" ] || npm rebuild code-server --foreground-scripts; } \
    && npm rebuild argon2 --foreground-scripts \
    && cd "$VS" && npm rebuild --foreground-scripts --dangerously-allow-all-scripts \
    && { [ -e node_modules.asar ] || ln -s node_modules node_modules.asar; } \
    && cd extensions && { [ -d node_modules ] || npm install --omit=dev --foreground-scripts --dangerously-allow-all-scripts; }) \
    >"${TMPDIR:-/tmp}/setup-e2e-rebuild.log" 2>&1 || { tail -n 100 "${TMPDIR:-/tmp}/setup-e2e-rebuild.log" >&2; }
  took "rebuild" "$t"
  if [ -n "$(missing)" ]; then
    echo "[setup-e2e] still missing (log: ${TMPDIR:-/tmp}/setup-e2e-rebuild.log):" >&2; missing >&2; exit 1
  fi
fi
[ -f "$STAMP" ] || echo "$want_stamp" >"$STAMP"

# ---- 4. smoke check: code-server serves the workbench, chromium launches ------------------------------------------
t=$SECONDS
E2E_QUIET=1 node "$E2E/verify-install.mjs"
took "verify" "$t"
step "done in $(( SECONDS - T0 )) s"
