#!/usr/bin/env bash
# Run a command inside a throwaway D-Bus session with an unlocked gnome-keyring, so keytar talks to a
# real Secret Service (org.freedesktop.secrets) without ever touching the developer's own keyring.
#
#   bash scripts/with-keyring.sh vitest run            # commands resolve via node_modules/.bin, like npx
#   bash scripts/with-keyring.sh node scratch/x.mjs
#
# If DBUS_SESSION_BUS_ADDRESS is set and STRONGROOM_KEYRING_READY=1 (i.e. we are already inside such a
# session), the command is simply exec'd.
#
# Keyrings live under $XDG_DATA_HOME/keyrings and the daemon's control socket under $XDG_RUNTIME_DIR, so
# both point into a fresh temp dir that is removed on exit. The keyring password is "throwaway".
set -euo pipefail

script_path="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
repo_root="$(cd "$(dirname "$script_path")/.." && pwd)"
# npx semantics: the project's own binaries win.
export PATH="$repo_root/node_modules/.bin:$PATH"

log() { printf 'with-keyring: %s\n' "$*" >&2; }

if [[ "${1:-}" != "--inner" ]]; then
  if [[ $# -eq 0 ]]; then
    log "usage: bash scripts/with-keyring.sh <command> [args...]"
    exit 2
  fi
  if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" && "${STRONGROOM_KEYRING_READY:-}" == "1" ]]; then
    exec "$@"
  fi
  missing=()
  command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-run-session)
  command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring-daemon)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "with-keyring: ${missing[*]} not found; install the Debian packages: sudo apt-get install dbus gnome-keyring libsecret-1-dev (or run: bash scripts/setup.sh)" >&2
    exit 1
  fi
  exec dbus-run-session -- bash "$script_path" --inner "$@"
fi

# ---- inner mode: we are the child of dbus-run-session, on a private session bus -------------------------
shift

tmp_base="$(mktemp -d "${TMPDIR:-/tmp}/strongroom-keyring.XXXXXX")"
mkdir -m 700 "$tmp_base/data" "$tmp_base/run"
export XDG_DATA_HOME="$tmp_base/data" XDG_RUNTIME_DIR="$tmp_base/run"

daemon_pid=""
# shellcheck disable=SC2317 # invoked via the EXIT trap
cleanup() {
  if [[ -n "$daemon_pid" ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    # Wait (up to 2.5 s) for it to exit; a zombie counts as gone (it was reparented to pid 1).
    for _ in $(seq 50); do
      kill -0 "$daemon_pid" 2>/dev/null || break
      [[ "$(awk '{ print $3 }' "/proc/$daemon_pid/stat" 2>/dev/null)" == Z ]] && break
      sleep 0.05
    done
  fi
  rm -rf "$tmp_base"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# If anything D-Bus-activates a second keyring daemon, it must use the throwaway dirs too (activated
# services inherit the bus daemon's environment, which predates the exports above).
if command -v dbus-update-activation-environment >/dev/null 2>&1; then
  dbus-update-activation-environment XDG_DATA_HOME XDG_RUNTIME_DIR >/dev/null 2>&1 || true
fi

# With --unlock the daemon reads the login keyring password from stdin (creating the keyring if needed)
# and prints NAME=value lines (e.g. GNOME_KEYRING_CONTROL) for the environment.
keyring_env="$(printf 'throwaway\n' | gnome-keyring-daemon --unlock --components=secrets)"
while IFS= read -r line; do
  [[ "$line" == *=* ]] && export "${line?}"
done <<<"$keyring_env"

bus_call() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@" 2>/dev/null
}

# Wait until the daemon owns org.freedesktop.secrets, then remember its pid so we can stop it.
for _ in $(seq 100); do
  if bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'; then
    daemon_pid="$(bus_call org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets |
      awk '/uint32/ { print $2 }')"
    break
  fi
  sleep 0.05
done
if [[ -z "$daemon_pid" ]]; then
  log "gnome-keyring-daemon did not register org.freedesktop.secrets on the session bus"
  exit 1
fi

export STRONGROOM_KEYRING_READY=1

# Not exec: the EXIT trap must run to stop the daemon and remove the temp dir.
status=0
"$@" || status=$?
exit "$status"
