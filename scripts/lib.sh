#!/usr/bin/env bash
# Shared helpers for Baton's scripts: source it, do not run it.

BATON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODEX_VERSION="0.169.0"
BATON_CODEX_CACHE="${BATON_CODEX_CACHE:-$HOME/.cache/baton/codex-$CODEX_VERSION}"

say() { printf '==> %s\n' "$*" >&2; }

# The native Codex binary inside the pinned npm package (not npm's node wrapper, so pids are Codex's own).
codex_binary_path() {
  local package triple
  case "$(uname -m)" in
    aarch64|arm64) package=codex-linux-arm64; triple=aarch64-unknown-linux-musl ;;
    *) package=codex-linux-x64; triple=x86_64-unknown-linux-musl ;;
  esac
  printf '%s/node_modules/@openai/%s/vendor/%s/bin/codex\n' "$BATON_CODEX_CACHE" "$package" "$triple"
}

# Installs the Debian packages that are missing; apt-get update runs only when something must be installed.
ensure_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Installs @openai/codex at the pinned version into the cache folder (outside the repo), once.
ensure_codex() {
  local bin
  bin="$(codex_binary_path)"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "codex-cli $CODEX_VERSION"; then
    export BATON_CODEX_BIN="$bin"
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is required to install Codex (install Node.js)" >&2; return 1; }
  say "installing @openai/codex@$CODEX_VERSION into $BATON_CODEX_CACHE (about 400 MB, once)"
  mkdir -p "$BATON_CODEX_CACHE"
  npm install --no-audit --no-fund --loglevel=error --prefix "$BATON_CODEX_CACHE" "@openai/codex@$CODEX_VERSION" >/dev/null
  "$bin" --version | grep -q "codex-cli $CODEX_VERSION" || { echo "Codex install at $bin is not $CODEX_VERSION" >&2; return 1; }
  export BATON_CODEX_BIN="$bin"
}

# Builds the solution and publishes the executables the README names into artifacts/bin.
build_and_publish() {
  say "building (Release) and publishing to artifacts/bin"
  dotnet build "$BATON_ROOT/Baton.slnx" -c Release -nologo -clp:ErrorsOnly -v:q
  local project
  for project in Baton.Cli Baton.Daemon Baton.Demo; do
    dotnet publish "$BATON_ROOT/src/$project" -c Release --no-build -o "$BATON_ROOT/artifacts/bin" -nologo -v:q -clp:ErrorsOnly
  done
  export BATON_BIN_DIR="$BATON_ROOT/artifacts/bin"
}

# Creates a network namespace with nothing but loopback, so Codex can reach only 127.0.0.1.
create_loopback_netns() {
  local name="$1"
  ip netns list 2>/dev/null | grep -qw "$name" || ip netns add "$name"
  ip netns exec "$name" ip link set lo up
}

delete_netns() {
  ip netns delete "$1" 2>/dev/null || true
}
