#!/usr/bin/env bash
# Install everything Strongroom's build and tests need, on Debian 12 (bookworm):
#   1. system packages (apt): compilers for the native modules, libsecret + gnome-keyring + D-Bus for
#      keytar's tests, exiftool and openssl for fixtures, chromium for UI tests;
#   2. the npm dependencies, exactly as locked (npm ci).
# Then: npm test
#
# Safe to run again: apt is skipped when every package is already installed (set
# STRONGROOM_FORCE_APT=1 to run it anyway), and npm ci always rebuilds node_modules from the lockfile.
# Needs root or sudo for the apt step. Node.js (>= 20.19) must already be installed; Debian's own
# nodejs package (18.x) is too old.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

APT_PACKAGES=(
  build-essential python3 libsecret-1-dev # keytar / better-sqlite3 native builds (node-gyp fallback)
  gnome-keyring dbus dbus-x11             # a real Secret Service for keytar (scripts/with-keyring.sh)
  libimage-exiftool-perl openssl          # fixtures and metadata checks
  chromium                                # UI tests (Playwright uses the system chromium)
)

section() { printf '\n==> %s\n' "$*"; }

# Tools the test suite downloads otherwise: skip them (system chromium; no Electron binary in tests).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

section "system packages"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: not Debian/Ubuntu. Install the equivalents of: ${APT_PACKAGES[*]}"
else
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)" != installed ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 && "${STRONGROOM_FORCE_APT:-}" != 1 ]]; then
    echo "all installed: ${APT_PACKAGES[*]}"
  else
    [[ ${#missing[@]} -gt 0 ]] && echo "missing: ${missing[*]}"
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
      if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
      else
        echo "error: need root or sudo to install: ${APT_PACKAGES[*]}" >&2
        exit 1
      fi
    fi
    section "apt-get update"
    "${sudo[@]}" apt-get update
    section "apt-get install"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}" </dev/null
  fi
fi

section "node"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node/npm not found. Install Node.js 20.19+ (e.g. https://github.com/nodesource/distributions or nvm); Debian's nodejs 18 is too old." >&2
  exit 1
fi
if ! node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  process.exit((maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj >= 23 ? 0 : 1);
'; then
  echo "error: Node.js $(node -v) is too old: vite needs ^20.19 or >=22.12. Install a newer Node.js (NodeSource or nvm)." >&2
  exit 1
fi
echo "node $(node -v), npm $(npm -v)"

section "npm ci"
npm ci --no-audit --no-fund

section "setup done"
echo "next: npm test"
