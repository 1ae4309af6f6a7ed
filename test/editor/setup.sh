#!/usr/bin/env bash
# Installs what the editor test tier needs on a fresh Debian 12 machine (run as root):
#   - Debian packages: build tools + headers for code-server's native modules, ripgrep, chromium
#   - code-server@4.100.3, playwright-core and mocha into test/editor/node_modules
# Idempotent: every step checks whether it is already done and says so.
# See shared/REAL-EDITORS.md for why each step is the way it is.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
log() { printf '[editor-setup] %s\n' "$*"; }
die() { printf '[editor-setup] ERROR: %s\n' "$*" >&2; exit 1; }
START=$(date +%s)

# ---------------------------------------------------------------- 1. Debian packages
APT_PACKAGES=(build-essential pkg-config libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev ripgrep chromium fonts-wqy-zenhei)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  log "apt: all packages already installed (${APT_PACKAGES[*]})"
else
  log "apt: missing: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else die "not root and no sudo: cannot apt-get install ${missing[*]}"; fi
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "apt: apt-get update"
  $SUDO apt-get update -q
  log "apt: apt-get install -y ${missing[*]}"
  $SUDO apt-get install -y -q "${missing[@]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after apt-get install"
[ -x /usr/bin/rg ] || die "/usr/bin/rg is missing after apt-get install"
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- 2. @vscode/ripgrep download cache
# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here, it retries 5 times and
# fails). It first looks in $TMPDIR/vscode-ripgrep-cache-<its version>/<asset>: put Debian's rg there.
# Names are pinned by code-server 4.100.3's shrinkwrap; re-check them when code-server changes.
RG_PKG_VERSION=1.15.11
RG_ASSET_VERSION=v13.0.0-10
case "$(uname -m)" in
  x86_64) RG_TRIPLE=x86_64-unknown-linux-musl ;;
  aarch64|arm64) RG_TRIPLE=aarch64-unknown-linux-musl ;;
  *) die "unsupported arch $(uname -m) for the ripgrep cache" ;;
esac
RG_CACHE_DIR="${TMPDIR:-/tmp}/vscode-ripgrep-cache-${RG_PKG_VERSION}"
RG_ASSET="ripgrep-${RG_ASSET_VERSION}-${RG_TRIPLE}.tar.gz"
if [ -s "$RG_CACHE_DIR/$RG_ASSET" ]; then
  log "ripgrep cache: already present ($RG_CACHE_DIR/$RG_ASSET)"
else
  log "ripgrep cache: packing /usr/bin/rg into $RG_CACHE_DIR/$RG_ASSET"
  mkdir -p "$RG_CACHE_DIR"
  tmp="$(mktemp -d)"
  cp /usr/bin/rg "$tmp/rg"
  tar -C "$tmp" -czf "$RG_CACHE_DIR/$RG_ASSET.part" rg
  mv "$RG_CACHE_DIR/$RG_ASSET.part" "$RG_CACHE_DIR/$RG_ASSET"
  rm -rf "$tmp"
fi

# ---------------------------------------------------------------- 3. npm packages
# code-server's postinstall refuses to run as root without unsafe-perm; node-pty's runs
# `npx node-gyp`, which must not prompt; install scripts must not be ignored.
# npm 11: package.json's allowScripts approves code-server and argon2 (the two top-level packages
# with install scripts). code-server's postinstall then runs its own `npm install` in
# lib/vscode and lib/vscode/extensions, whose package.json we do not control (node-pty, kerberos,
# spdlog … build there): allow those scripts through the environment, which the nested npm
# inherits, so they keep running once npm stops treating allowScripts as advisory.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_ignore_scripts=false
export npm_config_dangerously_allow_all_scripts=true
export npm_config_fund=false
export npm_config_audit=false
export npm_config_update_notifier=false
# Build native addons against the machine's Node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

MARKER="node_modules/.wxperm-setup-done"
lock_sum() { { cat package.json; cat package-lock.json 2>/dev/null || true; } | sha256sum | cut -d' ' -f1; }
want_sum="$(lock_sum)"
installed_ok() {
  [ -x node_modules/.bin/code-server ] || return 1
  [ -d node_modules/code-server/lib/vscode/node_modules ] || return 1
  [ -f node_modules/playwright-core/package.json ] || return 1
  [ -f node_modules/mocha/package.json ] || return 1
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$want_sum" ] || return 1
}
if installed_ok; then
  log "npm: already installed (node_modules matches package.json + package-lock.json)"
else
  rm -f "$MARKER"
  if [ -f package-lock.json ]; then
    log "npm: npm ci in $HERE (code-server builds native modules: about 2 minutes)"
    npm ci --no-audit --no-fund --foreground-scripts=false
  else
    log "npm: npm install in $HERE (no package-lock.json yet)"
    npm install --no-audit --no-fund
    want_sum="$(lock_sum)"
  fi
  [ -x node_modules/.bin/code-server ] || die "node_modules/.bin/code-server missing after npm install"
  [ -d node_modules/code-server/lib/vscode/node_modules ] || die "code-server's postinstall did not run (lib/vscode/node_modules missing)"
  echo "$want_sum" > "$MARKER"
fi

# --version with a throwaway config dir: otherwise it writes ~/.config/code-server/config.yaml.
xdg="$(mktemp -d)"
ver="$(XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" timeout 60 node_modules/.bin/code-server --version 2>/dev/null | grep -E '^[0-9]+\.' | head -1 || true)"
rm -rf "$xdg"
[ -n "$ver" ] || die "node_modules/.bin/code-server --version printed nothing"
log "code-server: $ver"
log "done in $(( $(date +%s) - START )) s"
